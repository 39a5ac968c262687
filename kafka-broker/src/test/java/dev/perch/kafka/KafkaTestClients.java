package dev.perch.kafka;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.serde.PerchSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients and ClickEvent fixtures for the integration tests of this module. */
final class KafkaTestClients {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(60);

    private KafkaTestClients() {}

    /** The {@code n}-th event of a fixture: users {@code user-0..users-1} take turns. */
    static ClickEvent clickEvent(int n, int users) {
        return ClickEvent.newBuilder()
                .setEventId("event-" + n)
                .setUserId("user-" + (n % users))
                .setType(EventType.values()[n % EventType.values().length])
                .setItemId("item-" + (n * 7 % 23))
                .setValue(n % 3 == 0 ? (double) n : null)
                .setEventTime(T0.plusMillis(n))
                .build();
    }

    static List<ClickEvent> clickEvents(int count, int users) {
        List<ClickEvent> events = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            events.add(clickEvent(n, users));
        }
        return events;
    }

    /** A producer with the Perch Avro serializer that waits for every in-sync replica. */
    static KafkaProducer<String, ClickEvent> producer(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return new KafkaProducer<>(
                config, new StringSerializer(), PerchSerdes.serializer(ClickEvent.class));
    }

    /** A consumer in a fresh group that starts from the earliest offset. */
    static KafkaConsumer<String, ClickEvent> consumer(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(
                config, new StringDeserializer(), PerchSerdes.deserializer(ClickEvent.class));
    }

    /** Sends every event keyed by its user and waits for each acknowledgement. */
    static void sendAll(
            KafkaProducer<String, ClickEvent> producer, String topic, List<ClickEvent> events)
            throws Exception {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        for (ClickEvent event : events) {
            acks.add(
                    producer.send(
                            new org.apache.kafka.clients.producer.ProducerRecord<>(
                                    topic, event.getUserId(), event)));
        }
        for (java.util.concurrent.Future<?> ack : acks) {
            ack.get(2, TimeUnit.MINUTES);
        }
    }

    /**
     * Reads {@code topic} from the start until {@code expected} records arrived or a deadline
     * passed.
     */
    static List<ConsumerRecord<String, ClickEvent>> consume(
            String bootstrapServers, String topic, int expected) {
        List<ConsumerRecord<String, ClickEvent>> records = new ArrayList<>();
        try (KafkaConsumer<String, ClickEvent> consumer = consumer(bootstrapServers)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    static void createTopic(String bootstrapServers, String topic, int partitions)
            throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(1, TimeUnit.MINUTES);
        }
    }

    static Set<String> topicNames(String bootstrapServers) throws Exception {
        try (Admin admin = admin(bootstrapServers)) {
            return admin.listTopics().names().get(1, TimeUnit.MINUTES);
        }
    }

    static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
}
