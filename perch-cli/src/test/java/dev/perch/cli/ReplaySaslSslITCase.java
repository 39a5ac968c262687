package dev.perch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.json.ClickEventJson;
import dev.perch.kafka.BrokerSecurity;
import dev.perch.kafka.PerchTopics;
import dev.perch.kafka.SecuredKafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code perch replay --kafka-properties} against a broker that requires SASL over TLS. */
class ReplaySaslSslITCase {
    @RegisterExtension
    static final SecuredKafkaBrokerExtension BROKER = SecuredKafkaBrokerExtension.dedicated();

    @Test
    @DisplayName(
            "replay with a SASL_SSL properties file stores every event on a broker that requires"
                    + " SASL over TLS; a password given with -P is refused")
    void replaysOverSaslSsl(@TempDir Path dir) throws Exception {
        BrokerSecurity security = BROKER.security();
        Path properties = BROKER.clientProperties();
        String bootstrap = BROKER.bootstrapServers();
        PerchTopics.ensureCreated(bootstrap, security.clientSettings(), 1);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add(
                    ClickEventJson.toJson(
                            ClickEvent.newBuilder()
                                    .setEventId(UUID.randomUUID().toString())
                                    .setUserId("user-" + i % 5)
                                    .setType(EventType.VIEW)
                                    .setItemId("item-" + i)
                                    .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + i))
                                    .build()));
        }
        Path file = Files.write(dir.resolve("events.jsonl"), lines, StandardCharsets.UTF_8);

        CliRun refused =
                CliRun.of(
                        "replay",
                        "--format=json",
                        "--events=" + file,
                        "--bootstrap=" + bootstrap,
                        "-P",
                        "ssl.truststore.password=secret",
                        "--no-progress");
        CliRun run =
                CliRun.of(
                        "replay",
                        "--format=json",
                        "--events=" + file,
                        "--bootstrap=" + bootstrap,
                        "--kafka-properties=" + properties,
                        "--no-progress");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.toString()).contains("--kafka-properties");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.toString()).doesNotContain(security.password());
        Properties consumer = new Properties();
        consumer.putAll(security.clientSettings());
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "sasl-check");
        int read = 0;
        try (KafkaConsumer<byte[], byte[]> events =
                new KafkaConsumer<>(
                        consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            events.subscribe(List.of("perch.events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < 50 && System.nanoTime() < deadline) {
                read += events.poll(Duration.ofMillis(500)).count();
            }
        }
        assertThat(read).isEqualTo(50);
    }
}
