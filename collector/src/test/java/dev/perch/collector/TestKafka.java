package dev.perch.collector;

import dev.perch.events.ClickEvent;
import dev.perch.events.serde.PerchSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Plain Kafka clients for the collector's integration tests: topics and reading them back. */
final class TestKafka {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private TestKafka() {}

    /** Creates a fresh topic with a unique name and returns the name. */
    static String createTopic(String bootstrap, String prefix, int partitions) throws Exception {
        String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(1, TimeUnit.MINUTES);
        }
        return topic;
    }

    /** Click events of {@code topic} from the start until {@code done} holds or the deadline. */
    static List<ConsumerRecord<String, ClickEvent>> readEventsUntil(
            String bootstrap,
            String topic,
            Predicate<List<ConsumerRecord<String, ClickEvent>>> done) {
        return readUntil(bootstrap, topic, PerchSerdes.deserializer(ClickEvent.class), done);
    }

    /** Records of {@code topic} from the start until {@code done} holds or the deadline passed. */
    static <T extends SpecificRecord> List<ConsumerRecord<String, T>> readUntil(
            String bootstrap,
            String topic,
            Deserializer<T> deserializer,
            Predicate<List<ConsumerRecord<String, T>>> done) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "collector-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, T>> records = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
