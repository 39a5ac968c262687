package dev.perch.cli.bench;

import dev.perch.events.ConsumerFetch;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor of the benchmark: a process that consumes every record of perch.events and produces it
 * unchanged to another topic on the same broker, with the same delivery settings as Perch's own
 * producers (acks=all). Its CPU per event is what moving an event through Kafka costs at all;
 * {@code perch bench} reports Perch's pipeline as a multiple of it. Run as its own JVM so that its
 * CPU is measured apart from the benchmark's.
 */
public final class Passthrough {
    /** The line printed once the consumer has its partitions: the benchmark waits for it. */
    public static final String READY = "passthrough ready";

    /** Its consumer group, whose lag tells when it has caught up. */
    public static final String GROUP = "perch-bench-passthrough";

    private Passthrough() {}

    /** {@code Passthrough <bootstrap> <input topic> <output topic>}. */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: Passthrough <bootstrap> <input topic> <output topic>");
            System.exit(2);
        }
        String bootstrap = args[0];
        Properties consumerSettings = new Properties();
        consumerSettings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerSettings.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        consumerSettings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumerSettings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        consumerSettings.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "200");
        // fetches as the pipeline's own consumers do, so the floor is measured on equal terms
        ConsumerFetch.applyTo(consumerSettings, "");
        Properties producerSettings = new Properties();
        producerSettings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerSettings.put(ProducerConfig.ACKS_CONFIG, "all");
        producerSettings.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producerSettings.put(ProducerConfig.CLIENT_ID_CONFIG, "perch-bench-passthrough");
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(
                                consumerSettings,
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                producerSettings,
                                new ByteArraySerializer(),
                                new ByteArraySerializer())) {
            consumer.subscribe(List.of(args[1]));
            boolean announced = false;
            while (true) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!announced && !consumer.assignment().isEmpty()) {
                    System.out.println(READY);
                    System.out.flush();
                    announced = true;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    producer.send(
                            new ProducerRecord<>(
                                    args[2],
                                    null,
                                    record.timestamp(),
                                    record.key(),
                                    record.value(),
                                    record.headers()));
                }
            }
        }
    }
}
