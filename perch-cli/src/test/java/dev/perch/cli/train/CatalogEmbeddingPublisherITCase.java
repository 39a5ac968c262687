package dev.perch.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.Item;
import dev.perch.events.serde.PerchSerdes;
import dev.perch.kafka.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@code perch train --publish} writes to the catalog topic, against the real broker: only the
 * embeddings change; title, category, brand, price, availability and attributes survive.
 */
class CatalogEmbeddingPublisherITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String TOPIC = "train-publish-items";
    private static final Instant CATALOG_TIME = Instant.parse("2026-02-01T00:00:00Z");

    private static Item item(String id, String title, boolean available, double price) {
        return Item.newBuilder()
                .setItemId(id)
                .setTitle(title)
                .setCategoryPath(List.of("Shoes", "Running"))
                .setBrand("Acme")
                .setPrice(price)
                .setAvailable(available)
                .setAttributes(Map.of("colour", "red"))
                .setUpdatedAt(CATALOG_TIME)
                .build();
    }

    @Test
    @DisplayName(
            "publishing embeddings keeps every item's title, category, brand, price, availability"
                    + " and attributes, leaves out items the catalog does not hold (or removed),"
                    + " and marks each embedding with the model version")
    void metadataSurvives() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(TOPIC, 2, (short) 1)
                                            .configs(
                                                    Map.of(
                                                            TopicConfig.CLEANUP_POLICY_CONFIG,
                                                            "compact"))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            var serializer = PerchSerdes.serializer(Item.class);
            for (Item item :
                    List.of(
                            item("shoe-1", "Trail runner", true, 89.5),
                            item("shoe-2", "Sold-out racer", false, 120.0),
                            item("shoe-3", "Removed later", true, 10.0))) {
                producer.send(record(item.getItemId(), serializer.serialize(TOPIC, item))).get();
            }
            producer.send(record("shoe-3", null)).get(); // removed from the catalog
            producer.send(record("junk", "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }

        CatalogEmbeddingPublisher publisher = new CatalogEmbeddingPublisher(bootstrap, TOPIC);
        Instant now = Instant.parse("2026-03-01T00:00:00Z");
        CatalogEmbeddingPublisher.Result result =
                publisher.publish(
                        Map.of(
                                "shoe-1", new float[] {1f, 0f},
                                "shoe-2", new float[] {0f, 1f},
                                "shoe-3", new float[] {1f, 1f},
                                "unknown", new float[] {0.5f, 0.5f}),
                        "v2",
                        now);

        assertThat(result.updated()).isEqualTo(2);
        assertThat(result.notInCatalog()).isEqualTo(2);
        assertThat(result.unreadable()).isEqualTo(1);
        Map<String, Item> catalog = publisher.readCatalog().items();
        assertThat(catalog).containsOnlyKeys("shoe-1", "shoe-2");
        Item shoe1 = catalog.get("shoe-1");
        assertThat(shoe1.getTitle()).isEqualTo("Trail runner");
        assertThat(shoe1.getCategoryPath()).containsExactly("Shoes", "Running");
        assertThat(shoe1.getBrand()).isEqualTo("Acme");
        assertThat(shoe1.getPrice()).isEqualTo(89.5);
        assertThat(shoe1.getAvailable()).isTrue();
        assertThat(shoe1.getAttributes()).containsEntry("colour", "red");
        assertThat(shoe1.getEmbedding()).containsExactly(1f, 0f);
        assertThat(shoe1.getEmbeddingVersion()).isEqualTo("v2");
        assertThat(shoe1.getUpdatedAt()).isEqualTo(now);
        Item shoe2 = catalog.get("shoe-2");
        assertThat(shoe2.getAvailable()).as("a sold-out item stays sold out").isFalse();
        assertThat(shoe2.getTitle()).isEqualTo("Sold-out racer");
        assertThat(shoe2.getEmbedding()).containsExactly(0f, 1f);
    }

    private static ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(TOPIC, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
