package dev.perch.modelserver;

import dev.perch.events.ConsumerFetch;
import dev.perch.events.DeadLetter;
import dev.perch.events.Recommendations;
import dev.perch.events.Topics;
import dev.perch.events.deadletter.DeadLetterRecords;
import dev.perch.events.serde.AvroCodec;
import dev.perch.events.serde.RecordDecodeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows perch.recommendations from its end and hands every new list to this instance's SSE
 * subscribers, so a shopper connected to any instance gets the lists scored by the instance that
 * owns them (the owner's own lists reach its subscribers directly; {@link RecommendationListeners}
 * pushes each version once). A record it cannot decode becomes a dead letter and is passed over.
 */
public final class RecommendationsFeed implements AutoCloseable {
    /** The {@code stage} of the feed's dead letters. */
    public static final String STAGE = "model-server";

    private static final Logger LOG = LoggerFactory.getLogger(RecommendationsFeed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecommendationListeners listeners;
    private final Consumer<DeadLetter> deadLetters;
    private final AvroCodec<Recommendations> codec = AvroCodec.of(Recommendations.class);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private RecommendationsFeed(
            KafkaConsumer<byte[], byte[]> consumer,
            RecommendationListeners listeners,
            Consumer<DeadLetter> deadLetters) {
        this.consumer = consumer;
        this.listeners = listeners;
        this.deadLetters = deadLetters;
        this.thread = new Thread(this::run, "perch-recommendations-feed");
        thread.setDaemon(true);
    }

    /** Starts following the topic from its current end on a thread of its own. */
    public static RecommendationsFeed start(
            String bootstrapServers,
            RecommendationListeners listeners,
            Consumer<DeadLetter> deadLetters,
            dev.perch.access.KafkaClientProperties client) {
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        consumerProperties(bootstrapServers, client),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        List<PartitionInfo> infos =
                consumer.partitionsFor(Topics.RECOMMENDATIONS, Duration.ofSeconds(30));
        if (infos != null) {
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start now, before the first poll
        RecommendationsFeed feed = new RecommendationsFeed(consumer, listeners, deadLetters);
        feed.thread.start();
        return feed;
    }

    /**
     * The feed's consumer settings: {@code client}'s (TLS, SASL), then fetches that wait for {@link
     * ConsumerFetch} (at most 10 ms) instead of answering each new list on its own (the feed reads
     * every list of every instance); a setting of the client's own wins.
     */
    static Properties consumerProperties(
            String bootstrapServers, dev.perch.access.KafkaClientProperties client) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "perch-recommendations-feed");
        client.applyTo(props);
        return ConsumerFetch.applyTo(props, "");
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    deliver(record, codec, listeners, deadLetters);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("The recommendations feed stopped", e);
            }
        } catch (RuntimeException e) {
            LOG.error("The recommendations feed stopped", e);
        } finally {
            consumer.close();
        }
    }

    /**
     * Hands the list in {@code record} to its user's subscribers on this instance; a record it
     * cannot decode becomes a dead letter. Every record is decoded, also the lists of users no one
     * here follows: garbage on perch.recommendations must become a dead letter wherever it is read
     * (PoisonRecordsITCase), and skipping those lists undecoded would let it pass unseen.
     */
    static void deliver(
            ConsumerRecord<byte[], byte[]> record,
            AvroCodec<Recommendations> codec,
            RecommendationListeners listeners,
            Consumer<DeadLetter> deadLetters) {
        if (record.value() == null) {
            return; // a tombstone: the user's list was removed
        }
        Recommendations list;
        try {
            list = codec.decode(record.value());
        } catch (RecordDecodeException e) {
            deadLetters.accept(DeadLetterRecords.of(record, STAGE, e.reason(), e, Instant.now()));
            return;
        }
        listeners.publish(list);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
