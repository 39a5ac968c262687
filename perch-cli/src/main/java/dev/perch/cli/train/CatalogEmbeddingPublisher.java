package dev.perch.cli.train;

import dev.perch.access.KafkaClientProperties;
import dev.perch.events.Item;
import dev.perch.events.serde.AvroCodec;
import dev.perch.events.serde.PerchSerdes;
import dev.perch.events.serde.RecordDecodeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a model's item embeddings onto the compacted catalog topic without losing the catalog:
 * it reads the current record of every item first and writes that record back with only the
 * embedding, its version and the update time changed, so title, category, price, availability and
 * attributes survive. Items the catalog does not hold (or has removed) are left out: an embedding
 * alone is no catalog record, and publishing one would make an unknown item recommendable.
 */
public final class CatalogEmbeddingPublisher {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final String topic;
    private final KafkaClientProperties client;

    public CatalogEmbeddingPublisher(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, KafkaClientProperties.none());
    }

    /** A publisher whose clients also get {@code client}'s settings (TLS, SASL). */
    public CatalogEmbeddingPublisher(
            String bootstrapServers, String topic, KafkaClientProperties client) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.client = client;
    }

    /**
     * What a publication did.
     *
     * @param updated items whose record was written back with the new embedding
     * @param notInCatalog embeddings of items the catalog does not hold, not published
     * @param unreadable catalog records that could not be decoded, left as they are
     */
    public record Result(long updated, long notInCatalog, long unreadable) {}

    /**
     * Merges {@code embeddings} of model {@code version} into the current catalog and waits until
     * every record is acknowledged.
     *
     * @throws IllegalStateException when the catalog cannot be read or a record is not acknowledged
     */
    public Result publish(Map<String, float[]> embeddings, String version, Instant now) {
        Catalog catalog = readCatalog();
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        long missing = 0;
        try (KafkaProducer<String, Item> producer =
                new KafkaProducer<>(
                        producerSettings(),
                        new StringSerializer(),
                        PerchSerdes.serializer(Item.class))) {
            for (Map.Entry<String, float[]> e : embeddings.entrySet()) {
                Item current = catalog.items().get(e.getKey());
                if (current == null) {
                    missing++;
                    continue;
                }
                Item merged =
                        Item.newBuilder(current)
                                .setEmbedding(toList(e.getValue()))
                                .setEmbeddingVersion(version)
                                .setUpdatedAt(now)
                                .build();
                producer.send(
                        new ProducerRecord<>(topic, e.getKey(), merged),
                        (metadata, exception) -> {
                            if (exception == null) {
                                acknowledged.incrementAndGet();
                            } else {
                                failure.compareAndSet(null, exception);
                            }
                        });
                sent++;
            }
            producer.flush(); // every callback has run when flush returns
        }
        if (failure.get() != null || acknowledged.get() < sent) {
            throw new IllegalStateException(
                    acknowledged.get()
                            + " of "
                            + sent
                            + " embeddings acknowledged by "
                            + bootstrapServers,
                    failure.get());
        }
        return new Result(sent, missing, catalog.unreadable());
    }

    /** The items of the catalog topic now: the last record of each key, tombstones removing. */
    public Catalog readCatalog() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "perch-train-catalog-reader");
        client.applyTo(props);
        AvroCodec<Item> codec = AvroCodec.of(Item.class);
        Map<String, Item> items = new HashMap<>();
        long unreadable = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<PartitionInfo> infos = consumer.partitionsFor(topic, READ_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + topic + " to its end within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null) {
                        unreadable++;
                        continue;
                    }
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    if (record.value() == null) {
                        items.remove(key);
                        continue;
                    }
                    try {
                        items.put(key, codec.decode(record.value()));
                    } catch (RecordDecodeException e) {
                        unreadable++;
                    }
                }
            }
        }
        return new Catalog(items, unreadable);
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The catalog as read: items by id, and how many records could not be decoded. */
    public record Catalog(Map<String, Item> items, long unreadable) {}

    private Properties producerSettings() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "perch-train");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        return client.applyTo(p);
    }

    private static List<Float> toList(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return list;
    }
}
