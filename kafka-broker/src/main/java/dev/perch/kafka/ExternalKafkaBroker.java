package dev.perch.kafka;

import java.time.Duration;

/**
 * A cluster Perch did not start ({@code PERCH_KAFKA_BOOTSTRAP}): it is only checked to answer,
 * never stopped, killed or deleted.
 */
final class ExternalKafkaBroker implements KafkaBroker {

    private final String bootstrapServers;

    private ExternalKafkaBroker(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Returns once the cluster answers, or fails with a message naming the address. */
    static ExternalKafkaBroker connect(String bootstrapServers, Duration timeout) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalStateException(
                    "Kafka mode EXTERNAL needs the environment variable "
                            + BrokerOptions.BOOTSTRAP_ENV
                            + " (e.g. kafka-1:9092,kafka-2:9092)");
        }
        BrokerReadiness.awaitReady(
                bootstrapServers,
                timeout,
                () -> true,
                () -> " Check " + BrokerOptions.BOOTSTRAP_ENV + "=" + bootstrapServers + ".");
        return new ExternalKafkaBroker(bootstrapServers);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public Kind kind() {
        return Kind.EXTERNAL;
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
                        + " the external Kafka cluster at "
                        + bootstrapServers
                        + " ("
                        + BrokerOptions.BOOTSTRAP_ENV
                        + "): Perch does not own it. Fault-injection tests need a PROCESS broker:"
                        + " use KafkaBrokerExtension.dedicated() and"
                        + " assumeTrue(broker.supportsFaults()).");
    }

    /** Does nothing: the cluster belongs to someone else. */
    @Override
    public void stop() {}

    /** Does nothing: the cluster belongs to someone else. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "KafkaBroker[EXTERNAL " + bootstrapServers + "]";
    }
}
