package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.access.KafkaClientProperties;
import dev.perch.events.ClickEvent;
import dev.perch.events.serde.PerchSerdes;
import dev.perch.kafka.SecuredKafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The collector's producer against a broker that requires SASL over TLS. */
class CollectorSaslSslITCase {
    @RegisterExtension
    static final SecuredKafkaBrokerExtension BROKER = SecuredKafkaBrokerExtension.dedicated();

    @Test
    @DisplayName(
            "With --kafka-properties naming a SASL_SSL file, the collector stores events on a"
                    + " broker that requires SASL over TLS, and forget requests too")
    void producesOverSaslSsl() throws Exception {
        KafkaClientProperties client = KafkaClientProperties.load(BROKER.clientProperties());
        Properties admin = client.applyTo(new Properties());
        admin.put("bootstrap.servers", BROKER.bootstrapServers());
        try (Admin topics = Admin.create(admin)) {
            topics.createTopics(List.of(new NewTopic("secured-events", 1, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        CollectorConfig config =
                CollectorConfig.defaults(BROKER.bootstrapServers())
                        .withTopic("secured-events")
                        .withPort(0);
        try (CollectorServer collector =
                CollectorServer.start(config, CollectorAccess.closed().withKafka(client))) {
            String id = Events.id();
            Http.Answer answer = Http.post(collector.port(), Events.view(id, "sasl-user", "i"));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);

            Properties consumer = client.applyTo(new Properties());
            consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
            consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "sasl-check");
            List<ConsumerRecord<String, ClickEvent>> read = new ArrayList<>();
            try (KafkaConsumer<String, ClickEvent> events =
                    new KafkaConsumer<>(
                            consumer,
                            new StringDeserializer(),
                            PerchSerdes.deserializer(ClickEvent.class))) {
                events.subscribe(List.of("secured-events"));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (read.isEmpty() && System.nanoTime() < deadline) {
                    events.poll(Duration.ofMillis(500)).forEach(read::add);
                }
            }
            assertThat(read).extracting(r -> r.value().getEventId()).containsExactly(id);
        }
    }
}
