package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.access.KafkaClientProperties;
import dev.perch.events.Recommendations;
import dev.perch.events.Topics;
import dev.perch.events.UserState;
import dev.perch.events.serde.PerchSerdes;
import dev.perch.kafka.PerchTopics;
import dev.perch.kafka.SecuredKafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The model server's Kafka clients (Streams, feature-store updater) over SASL_SSL. */
class ModelServerSaslSslITCase {
    @RegisterExtension
    static final SecuredKafkaBrokerExtension BROKER = SecuredKafkaBrokerExtension.dedicated();

    @Test
    @DisplayName(
            "With a SASL_SSL client-properties file, the model server's Streams app and feature"
                    + " store updater connect to a broker that requires SASL over TLS and publish"
                    + " a list for a user state")
    void scoresOverSaslSsl(@TempDir Path dir) throws Exception {
        KafkaClientProperties client = KafkaClientProperties.load(BROKER.clientProperties());
        String bootstrap = BROKER.bootstrapServers();
        PerchTopics.ensureCreated(bootstrap, client.asMap(), 1);
        ModelServerConfig config =
                ModelServerConfig.defaults()
                        .withBootstrap(bootstrap)
                        .withApplicationId("it-sasl")
                        .withPort(0)
                        .withDirectories(dir.resolve("store"), dir.resolve("state"));
        try (ModelServer server =
                ModelServer.start(config, ModelServerAccess.local().withKafka(client))) {
            Properties producer = client.applyTo(new Properties());
            producer.put("bootstrap.servers", bootstrap);
            try (KafkaProducer<String, UserState> states =
                    new KafkaProducer<>(
                            producer,
                            new StringSerializer(),
                            PerchSerdes.serializer(UserState.class))) {
                states.send(
                                new ProducerRecord<>(
                                        Topics.USER_STATE,
                                        "sasl-user",
                                        TestingShop.state("sasl-user", 1)))
                        .get();
            }
            Properties consumer = client.applyTo(new Properties());
            consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "sasl-check");
            List<ConsumerRecord<String, Recommendations>> lists = new ArrayList<>();
            try (KafkaConsumer<String, Recommendations> read =
                    new KafkaConsumer<>(
                            consumer,
                            new StringDeserializer(),
                            PerchSerdes.deserializer(Recommendations.class))) {
                read.subscribe(List.of(Topics.RECOMMENDATIONS));
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (lists.isEmpty() && System.nanoTime() < deadline) {
                    read.poll(Duration.ofMillis(500)).forEach(lists::add);
                }
            }
            assertThat(lists).extracting(ConsumerRecord::key).contains("sasl-user");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!server.healthy()) {
                assertThat(System.nanoTime()).as("healthy").isLessThan(deadline);
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
    }
}
