package dev.perch.featurestore;

import dev.perch.access.KafkaClientProperties;
import dev.perch.events.ConsumerFetch;
import dev.perch.events.DeadLetter;
import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.Topics;
import dev.perch.events.TrendingItems;
import dev.perch.events.deadletter.DeadLetterRecords;
import dev.perch.events.serde.AvroCodec;
import dev.perch.events.serde.RecordDecodeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link FeatureStore} current from the compacted topics perch.items, perch.item-neighbors
 * and perch.trending. Every instance reads every partition (no consumer group: each model server
 * holds the whole catalog) and resumes from the offsets stored with the data it wrote.
 *
 * <p>A record it cannot use (undecodable bytes, a key that is not the record's id, an embedding the
 * index cannot take) is handed to the dead-letter sink with its bytes, topic, partition, offset and
 * reason, counted, and passed over: a poison record never stops the updater.
 */
public final class FeatureStoreUpdater implements AutoCloseable {
    /** The topics this updater reads. */
    public static final List<String> TOPICS =
            List.of(Topics.ITEMS, Topics.ITEM_NEIGHBORS, Topics.TRENDING);

    /** The {@code stage} of its dead letters. */
    public static final String STAGE = "feature-store-updater";

    private static final Logger LOG = LoggerFactory.getLogger(FeatureStoreUpdater.class);

    private final FeatureStore store;
    private final Consumer<byte[], byte[]> consumer;
    private final java.util.function.Consumer<DeadLetter> deadLetters;
    private final Clock clock = Clock.systemUTC();
    private final AvroCodec<Item> items = AvroCodec.of(Item.class);
    private final AvroCodec<ItemNeighbors> neighbors = AvroCodec.of(ItemNeighbors.class);
    private final AvroCodec<TrendingItems> trending = AvroCodec.of(TrendingItems.class);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong foreignEmbeddings = new AtomicLong();
    private Map<TopicPartition, Long> endOffsetsAtStart = Map.of();
    private final AtomicLong encoded = new AtomicLong();
    private volatile TextEncoder encoder;

    /** The embedding dimension staged in the batch being built, -1 for none yet. */
    private int batchDimension = -1;

    /**
     * An updater over a consumer the caller configured (byte-array key and value deserializers);
     * the updater owns it from now on. Assigns every partition of {@link #TOPICS} and seeks each to
     * its stored offset, or to the beginning when the store has none.
     *
     * @throws IllegalStateException if one of the topics does not exist
     */
    public FeatureStoreUpdater(FeatureStore store, Consumer<byte[], byte[]> consumer) {
        this(store, consumer, letter -> {});
    }

    /**
     * As {@link #FeatureStoreUpdater(FeatureStore, Consumer)}, handing every record it cannot use
     * to {@code deadLetters} (which must not throw).
     */
    public FeatureStoreUpdater(
            FeatureStore store,
            Consumer<byte[], byte[]> consumer,
            java.util.function.Consumer<DeadLetter> deadLetters) {
        this.store = store;
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        int resumed = 0;
        for (TopicPartition tp : partitions) {
            OptionalLong next = store.offset(tp.topic(), tp.partition());
            if (next.isPresent()) {
                consumer.seek(tp, next.getAsLong());
                resumed++;
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
        endOffsetsAtStart = new HashMap<>(consumer.endOffsets(partitions));
        LOG.info(
                "Feature store updater assigned {} partitions, {} resumed from stored offsets",
                partitions.size(),
                resumed);
    }

    /**
     * Encodes the text of every item that arrives from now on whose text (or the encoder) changed
     * since its stored text embedding, in the same batch as the item; null stops encoding.
     */
    public FeatureStoreUpdater withTextEncoder(TextEncoder textEncoder) {
        this.encoder = textEncoder;
        return this;
    }

    /** An updater with its own consumer for the cluster at {@code bootstrapServers}. */
    public static FeatureStoreUpdater connect(FeatureStore store, String bootstrapServers) {
        return connect(store, bootstrapServers, letter -> {}, KafkaClientProperties.none());
    }

    /** As {@link #connect(FeatureStore, String)}, with a dead-letter sink. */
    public static FeatureStoreUpdater connect(
            FeatureStore store,
            String bootstrapServers,
            java.util.function.Consumer<DeadLetter> deadLetters) {
        return connect(store, bootstrapServers, deadLetters, KafkaClientProperties.none());
    }

    /** An updater whose consumer also gets {@code client}'s settings (TLS, SASL). */
    public static FeatureStoreUpdater connect(
            FeatureStore store, String bootstrapServers, KafkaClientProperties client) {
        return connect(store, bootstrapServers, letter -> {}, client);
    }

    /**
     * An updater whose consumer gets {@code client}'s settings (TLS, SASL) and whose records it
     * cannot use go to {@code deadLetters}.
     */
    public static FeatureStoreUpdater connect(
            FeatureStore store,
            String bootstrapServers,
            java.util.function.Consumer<DeadLetter> deadLetters,
            KafkaClientProperties client) {
        return new FeatureStoreUpdater(
                store,
                new KafkaConsumer<>(
                        consumerProperties(bootstrapServers, client),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                deadLetters);
    }

    /**
     * The updater's consumer settings: {@code client}'s (TLS, SASL), then fetches that wait for a
     * batch as a consumer beside the click-to-list path does ({@link
     * ConsumerFetch#applyBackgroundTo}: 64 KiB or at most 100 ms) instead of answering each new
     * record on its own. Every poll becomes one store write (a RocksDB batch, its cache
     * invalidations, a search refresh), so a fetch of a few records each time cost the model server
     * and the broker a round per record at the rates of a live shop; no list waits for these
     * records (neighbours go out at most once per publish interval), so a catalog change is served
     * at most 100 ms after it is on Kafka. A setting of the client's own wins.
     */
    static Properties consumerProperties(String bootstrapServers, KafkaClientProperties client) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "perch-feature-store");
        client.applyTo(props);
        return ConsumerFetch.applyBackgroundTo(props);
    }

    /**
     * Polls once and writes what arrived as one atomic batch with the next offsets.
     *
     * @return how many records were applied (those it cannot use become dead letters)
     */
    public int pollOnce(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        if (records.isEmpty()) {
            return 0;
        }
        StoreBatch batch = new StoreBatch();
        batchDimension = -1;
        Map<TopicPartition, Long> next = new HashMap<>();
        int count = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            try {
                stage(batch, record);
                count++;
            } catch (RecordDecodeException e) {
                reject(record, e.reason(), e);
            } catch (RuntimeException e) {
                reject(record, "INVALID", e);
            }
        }
        encodeChangedTexts(batch);
        next.forEach((tp, offset) -> batch.offset(tp.topic(), tp.partition(), offset));
        store.write(batch);
        applied.addAndGet(count);
        return count;
    }

    private void reject(ConsumerRecord<byte[], byte[]> record, String reason, Exception e) {
        skipped.incrementAndGet();
        try {
            deadLetters.accept(DeadLetterRecords.of(record, STAGE, reason, e, clock.instant()));
        } catch (RuntimeException failure) {
            LOG.error(
                    "Skipped {}-{}@{} ({}), and its dead letter failed: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage(),
                    failure.toString());
        }
    }

    private void stage(StoreBatch batch, ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            throw new IllegalArgumentException("a record without a key");
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        byte[] value = record.value();
        switch (record.topic()) {
            case Topics.ITEMS -> {
                if (value == null) {
                    batch.deleteItem(key);
                } else {
                    Item item = items.decode(value);
                    checkKey(key, item.getItemId());
                    if (item.getEmbedding() != null
                            && !store.acceptsEmbeddingOf(item.getEmbeddingVersion())) {
                        // another model's embedding: its metadata counts, its vector waits for
                        // that model's artifact (the roll-out order of docs/operations.md)
                        foreignEmbeddings.incrementAndGet();
                        item = Item.newBuilder(item).setEmbedding(null).build();
                    }
                    if (item.getEmbedding() != null) {
                        float[] vector = toArray(item.getEmbedding());
                        store.checkEmbedding(key, vector);
                        if (batchDimension >= 0 && vector.length != batchDimension) {
                            throw new IllegalArgumentException(
                                    "item "
                                            + key
                                            + " has a "
                                            + vector.length
                                            + "-dimensional embedding; this batch holds "
                                            + batchDimension);
                        }
                        batchDimension = vector.length;
                    }
                    batch.putItem(item);
                }
            }
            case Topics.ITEM_NEIGHBORS -> {
                if (value == null) {
                    batch.deleteNeighbors(key);
                } else {
                    ItemNeighbors n = neighbors.decode(value);
                    checkKey(key, n.getItemId());
                    batch.putNeighbors(n);
                }
            }
            case Topics.TRENDING -> {
                if (value == null) {
                    batch.deleteTrending(key);
                } else {
                    TrendingItems t = trending.decode(value);
                    checkKey(key, t.getScope());
                    batch.putTrending(t);
                }
            }
            default -> throw new IllegalArgumentException("unexpected topic " + record.topic());
        }
    }

    /**
     * Adds the text embeddings of the batch's items whose text hash differs from the stored one
     * (the last version of an item in the batch wins). An encoder failure is logged and the items
     * keep their previous text embedding: the catalog update itself is never held back.
     */
    private void encodeChangedTexts(StoreBatch batch) {
        TextEncoder textEncoder = encoder;
        if (textEncoder == null) {
            return;
        }
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        for (StoreBatch.Op op : batch.ops()) {
            if (op instanceof StoreBatch.PutItem put) {
                texts.put(put.item().getItemId(), ItemText.of(put.item()));
            } else if (op instanceof StoreBatch.DeleteItem delete) {
                texts.remove(delete.itemId());
            }
        }
        List<String> ids = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<Long> hashes = new ArrayList<>();
        texts.forEach(
                (id, text) -> {
                    long hash = ItemText.hash(text, textEncoder.version());
                    OptionalLong stored = store.textHash(id);
                    if (!text.isBlank() && (stored.isEmpty() || stored.getAsLong() != hash)) {
                        ids.add(id);
                        changed.add(text);
                        hashes.add(hash);
                    }
                });
        if (changed.isEmpty()) {
            return;
        }
        try {
            List<float[]> vectors = textEncoder.encode(changed);
            for (int i = 0; i < ids.size(); i++) {
                batch.putText(ids.get(i), hashes.get(i), vectors.get(i));
            }
            encoded.addAndGet(ids.size());
        } catch (RuntimeException e) {
            LOG.error(
                    "Text encoder failed on {} items; their text embeddings stay as they were",
                    ids.size(),
                    e);
        }
    }

    /** How many item texts were encoded by this updater. */
    public long encodedTexts() {
        return encoded.get();
    }

    private static void checkKey(String key, String id) {
        if (!key.equals(id)) {
            throw new IllegalArgumentException(
                    "key " + key + " differs from the record's id " + id);
        }
    }

    /** True once every partition has been read up to where it ended when this updater started. */
    public boolean caughtUp() {
        for (Map.Entry<TopicPartition, Long> e : endOffsetsAtStart.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Polls until {@link #stop()}; run it on a dedicated thread (the consumer is single-threaded).
     */
    public void run() {
        running.set(true);
        try {
            while (running.get()) {
                pollOnce(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    /** Makes {@link #run()} return soon; safe from any thread. */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    public long appliedRecords() {
        return applied.get();
    }

    /** Item embeddings of another embedding version than the store's, left out of the index. */
    public long foreignEmbeddings() {
        return foreignEmbeddings.get();
    }

    /** Records it could not use: each became a dead letter. */
    public long skippedRecords() {
        return skipped.get();
    }

    /** Closes the consumer when {@link #run()} is not looping (then {@link #stop()} is the way). */
    @Override
    public void close() {
        if (!running.get()) {
            consumer.close();
        }
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
