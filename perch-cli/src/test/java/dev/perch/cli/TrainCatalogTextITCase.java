package dev.perch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.Item;
import dev.perch.events.serde.PerchSerdes;
import dev.perch.kafka.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code perch train --catalog-text} against the real broker: the catalog comes off the topic. */
class TrainCatalogTextITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String TOPIC = "train-catalog-text-items";

    @TempDir Path dir;

    @Test
    @DisplayName(
            "train --catalog-text reads the items topic to its end (a removed item and an"
                    + " undecodable record left out) and trains the ranker with their text")
    void trainsWithTheTopicsText() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        TopicRecords.create(bootstrap, TOPIC, 2);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            var serializer = PerchSerdes.serializer(Item.class);
            for (Item item : TextTrainingData.catalogItems()) {
                producer.send(record(item.getItemId(), serializer.serialize(TOPIC, item))).get();
            }
            producer.send(record("0", null)).get(); // removed from the catalog
            producer.send(record("junk", "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
        Path models = dir.resolve("models");

        CliRun run =
                TextTrainingData.train(
                        TextTrainingData.events(dir.resolve("small.inter")),
                        models,
                        "--catalog-text",
                        "--bootstrap",
                        bootstrap,
                        "--items-topic",
                        TOPIC);

        assertThat(run.exitCode()).as(run.toString()).isZero();
        int expected = TextTrainingData.ITEMS - 1;
        assertThat(run.out()).contains("item text: " + expected + " items (1 records rejected)");
        assertThat(TextTrainingData.textItemsOfModelIn(models)).isEqualTo((double) expected);
    }

    private static ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(TOPIC, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
