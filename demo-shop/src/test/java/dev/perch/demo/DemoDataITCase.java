package dev.perch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.ClickEventRules;
import dev.perch.events.Item;
import dev.perch.events.Topics;
import dev.perch.events.serde.PerchSerdes;
import dev.perch.kafka.KafkaBrokerExtension;
import dev.perch.kafka.PerchTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Demo data on a real broker")
class DemoDataITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @BeforeAll
    static void topics() {
        PerchTopics.ensureCreated(KAFKA.bootstrapServers(), 2);
    }

    @Test
    @DisplayName("publishCatalog writes every demo item to perch.items keyed by itemId")
    void publishCatalog() {
        int published = DemoData.publishCatalog(KAFKA.bootstrapServers());

        List<ConsumerRecord<String, Item>> records =
                read(Topics.ITEMS, PerchSerdes.deserializer(Item.class), rs -> rs.size() >= 300);
        assertThat(published).isEqualTo(DemoCatalog.SIZE);
        assertThat(records).hasSizeGreaterThanOrEqualTo(DemoCatalog.SIZE);
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getItemId()));
    }

    @Test
    @DisplayName("The click simulator streams valid events to perch.events keyed by user")
    void simulatorProduces() {
        List<ConsumerRecord<String, ClickEvent>> records;
        try (ClickSimulator simulator =
                ClickSimulator.start(KAFKA.bootstrapServers(), 200, 11, 30)) {
            records =
                    read(
                            Topics.EVENTS,
                            PerchSerdes.deserializer(ClickEvent.class),
                            rs -> rs.size() >= 100);
            assertThat(simulator.sent()).isPositive();
        }

        assertThat(records).hasSizeGreaterThanOrEqualTo(100);
        assertThat(records)
                .allSatisfy(
                        r -> {
                            assertThat(r.key()).isEqualTo(r.value().getUserId());
                            assertThat(ClickEventRules.validate(r.value())).isEmpty();
                        });
    }

    private static <T extends SpecificRecord> List<ConsumerRecord<String, T>> read(
            String topic,
            Deserializer<T> deserializer,
            Predicate<List<ConsumerRecord<String, T>>> done) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, T>> records = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
