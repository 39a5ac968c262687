package dev.perch.kafka;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka in a Testcontainers {@code apache/kafka} container, used when a Docker engine answers. Its
 * storage lives and dies with the container, and it does not support kill/restart (the mapped port
 * would change); fault tests use a PROCESS broker.
 */
final class ContainerKafkaBroker implements KafkaBroker {

    /** System property overriding the image, e.g. {@code apache/kafka-native:4.2.2}. */
    static final String IMAGE_PROPERTY = "perch.kafka.image";

    private final KafkaContainer container;
    private final String bootstrapServers;

    private ContainerKafkaBroker(KafkaContainer container) {
        this.container = container;
        this.bootstrapServers = container.getBootstrapServers();
    }

    static ContainerKafkaBroker start(BrokerOptions options) {
        String image =
                System.getProperty(IMAGE_PROPERTY, "apache/kafka:" + AppInfoParser.getVersion());
        KafkaContainer container =
                new KafkaContainer(DockerImageName.parse(image))
                        .withEnv(
                                "KAFKA_NUM_PARTITIONS",
                                Integer.toString(options.defaultPartitions()))
                        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                        .withEnv("KAFKA_HEAP_OPTS", "-Xmx" + options.maxHeap())
                        .withStartupTimeout(options.startTimeout());
        container.start();
        return new ContainerKafkaBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public Kind kind() {
        return Kind.CONTAINER;
    }

    @Override
    public boolean supportsFaults() {
        return false;
    }

    @Override
    public void kill() {
        throw unsupported("kill");
    }

    @Override
    public void restart() {
        throw unsupported("restart");
    }

    private UnsupportedOperationException unsupported(String operation) {
        return new UnsupportedOperationException(
                "Cannot "
                        + operation
                        + " a CONTAINER broker (its mapped port would change): fault-injection"
                        + " tests need a PROCESS broker, e.g. KafkaBrokerExtension.dedicated().");
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "KafkaBroker[CONTAINER " + bootstrapServers + "]";
    }
}
