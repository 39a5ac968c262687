package dev.perch.featurestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.DeadLetter;
import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import dev.perch.events.Topics;
import dev.perch.events.TrendingItems;
import dev.perch.events.serde.AvroCodec;
import dev.perch.kafka.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The updater against a real Kafka broker: catch-up, tombstones, bad records, and resuming. */
class FeatureStoreUpdaterITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final int DIM = 8;
    private static final AvroCodec<Item> ITEMS = AvroCodec.of(Item.class);

    @TempDir Path tmp;

    @BeforeAll
    static void createTopics() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact");
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(Topics.ITEMS, 2, (short) 1).configs(compacted),
                                    new NewTopic(Topics.ITEM_NEIGHBORS, 1, (short) 1)
                                            .configs(compacted),
                                    new NewTopic(Topics.TRENDING, 1, (short) 1).configs(compacted)))
                    .all()
                    .get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                .get();
    }

    private static void pollUntil(FeatureStoreUpdater updater, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 60 s for the updater").isLessThan(deadline);
            updater.pollOnce(Duration.ofMillis(200));
        }
    }

    @Test
    @DisplayName("the store follows the topics, and a restart resumes from the stored offsets")
    void followsTopicsAndResumes() throws Exception {
        List<ItemVector> vectors = TestVectors.vectors(21, 20, DIM);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < vectors.size(); i++) {
                send(
                        producer,
                        Topics.ITEMS,
                        TestVectors.id(i),
                        ITEMS.encode(TestVectors.item(i, vectors.get(i).vector())));
            }
            send(producer, Topics.ITEMS, TestVectors.id(3), null);
            send(producer, Topics.ITEMS, "garbage", "not avro".getBytes(StandardCharsets.UTF_8));
            send(
                    producer,
                    Topics.ITEM_NEIGHBORS,
                    TestVectors.id(1),
                    AvroCodec.of(ItemNeighbors.class)
                            .encode(
                                    ItemNeighbors.newBuilder()
                                            .setItemId(TestVectors.id(1))
                                            .setNeighbors(
                                                    List.of(new ScoredItem(TestVectors.id(2), 4.0)))
                                            .setUpdatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                                            .build()));
            send(
                    producer,
                    Topics.TRENDING,
                    "*",
                    AvroCodec.of(TrendingItems.class)
                            .encode(
                                    TrendingItems.newBuilder()
                                            .setScope("*")
                                            .setItems(
                                                    List.of(new ScoredItem(TestVectors.id(5), 9.0)))
                                            .setWindowStart(
                                                    Instant.ofEpochMilli(1_700_000_000_000L))
                                            .setWindowEnd(Instant.ofEpochMilli(1_700_000_060_000L))
                                            .build()));
        }

        Path dir = tmp.resolve("store");
        List<DeadLetter> letters = new CopyOnWriteArrayList<>();
        try (FeatureStore store = FeatureStore.open(dir);
                FeatureStoreUpdater updater =
                        FeatureStoreUpdater.connect(
                                store, KAFKA.bootstrapServers(), letters::add)) {
            pollUntil(updater, updater::caughtUp);

            assertThat(updater.skippedRecords()).isEqualTo(1);
            assertThat(letters)
                    .singleElement()
                    .satisfies(
                            l -> {
                                assertThat(l.getReason()).isEqualTo("UNDECODABLE");
                                assertThat(l.getStage()).isEqualTo(FeatureStoreUpdater.STAGE);
                                assertThat(l.getSourceTopic()).isEqualTo(Topics.ITEMS);
                                assertThat(l.getSourcePartition()).isNotNull();
                                assertThat(l.getSourceOffset()).isNotNull();
                                assertThat(
                                                StandardCharsets.UTF_8
                                                        .decode(l.getOriginalBytes().duplicate())
                                                        .toString())
                                        .isEqualTo("not avro");
                                assertThat(
                                                StandardCharsets.UTF_8
                                                        .decode(l.getOriginalKey().duplicate())
                                                        .toString())
                                        .isEqualTo("garbage");
                            });
            assertThat(store.item(TestVectors.id(3))).isEmpty();
            assertThat(store.item(TestVectors.id(4))).contains(TestVectors.item(4, null));
            assertThat(store.index().size()).isEqualTo(19);
            assertThat(store.neighbors(TestVectors.id(1)))
                    .hasValueSatisfying(n -> assertThat(n.getNeighbors()).hasSize(1));
            assertThat(store.trending("*")).isPresent();
        }

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            Item moved =
                    Item.newBuilder(TestVectors.item(4, vectors.get(4).vector()))
                            .setAvailable(false)
                            .build();
            send(producer, Topics.ITEMS, TestVectors.id(4), ITEMS.encode(moved));
            send(
                    producer,
                    Topics.ITEMS,
                    "new-item",
                    ITEMS.encode(
                            Item.newBuilder(TestVectors.item(99, vectors.get(0).vector()))
                                    .setItemId("new-item")
                                    .build()));
        }
        try (FeatureStore store = FeatureStore.open(dir);
                FeatureStoreUpdater updater =
                        FeatureStoreUpdater.connect(store, KAFKA.bootstrapServers())) {
            pollUntil(updater, updater::caughtUp);

            // only the two new records were read: the rest came from the store on disk
            assertThat(updater.appliedRecords()).isEqualTo(2);
            assertThat(updater.skippedRecords()).isZero();
            assertThat(store.index().size()).isEqualTo(20);
            assertThat(store.index().meta(TestVectors.id(4)))
                    .hasValueSatisfying(m -> assertThat(m.available()).isFalse());
            assertThat(store.item("new-item")).isPresent();
        }
    }

    @Test
    @DisplayName(
            "an item's text is encoded when it arrives and again only when its text changes, not"
                    + " when its price does")
    void encodesOnlyChangedText() throws Exception {
        List<String> encoded = new java.util.concurrent.CopyOnWriteArrayList<>();
        TextEncoder encoder =
                new TextEncoder() {
                    @Override
                    public String version() {
                        return "counting-v1";
                    }

                    @Override
                    public List<float[]> encode(List<String> texts) {
                        texts.stream().filter(t -> t.startsWith("Trail")).forEach(encoded::add);
                        return texts.stream().map(t -> new float[] {t.length(), 1}).toList();
                    }
                };
        Item first =
                Item.newBuilder()
                        .setItemId("txt-1")
                        .setTitle("Trail running shoes")
                        .setPrice(40.0)
                        .build();
        Item repriced = Item.newBuilder(first).setPrice(35.0).build();
        Item renamed =
                Item.newBuilder(repriced).setTitle("Trail running shoes, waterproof").build();
        try (FeatureStore store = FeatureStore.open(tmp.resolve("text"));
                FeatureStoreUpdater updater =
                        FeatureStoreUpdater.connect(store, KAFKA.bootstrapServers())
                                .withTextEncoder(encoder);
                KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, Topics.ITEMS, "txt-1", ITEMS.encode(first));
            pollUntil(updater, () -> store.textEmbedding("txt-1").isPresent());
            send(producer, Topics.ITEMS, "txt-1", ITEMS.encode(repriced));
            pollUntil(
                    updater,
                    () -> store.item("txt-1").map(i -> i.getPrice() == 35.0).orElse(false));
            assertThat(encoded).containsExactly("Trail running shoes");
            send(producer, Topics.ITEMS, "txt-1", ITEMS.encode(renamed));
            pollUntil(updater, () -> encoded.size() == 2);
            assertThat(encoded.get(1)).isEqualTo("Trail running shoes, waterproof");
            assertThat(store.textEmbedding("txt-1").orElseThrow()[0])
                    .isEqualTo("Trail running shoes, waterproof".length());
        }
    }
}
