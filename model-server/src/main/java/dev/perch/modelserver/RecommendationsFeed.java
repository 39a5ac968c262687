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
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows perch.recommendations from its end and hands every new list to this instance's SSE
 * subscribers, so a shopper connected to any instance gets the lists scored by the instance that
 * owns them (the owner's own lists reach its subscribers directly; {@link RecommendationListeners}
 * pushes each version once). A record it cannot decode becomes a dead letter and is passed over.
 *
 * <p><b>Idle.</b> While nobody on this instance is subscribed, the feed does not follow the topic
 * at the event path's pace (a fetch every {@link ConsumerFetch#MAX_WAIT_MS} ms, about a hundred
 * requests a second to the broker for lists no one here waits for; a storefront that reads its
 * lists over REST or from the topic never subscribes). It pauses its partitions and, once per
 * {@link #IDLE_SWEEP}, reads what came since and pauses again: every record is still decoded, so
 * garbage still becomes a dead letter, at most a sweep later. A first subscriber wakes it at once;
 * it then reads on from where its last sweep ended, so the new subscriber also gets its user's
 * lists of up to one sweep before it subscribed (each version once, in order), and follows the
 * topic again until the last subscriber leaves.
 */
public final class RecommendationsFeed implements AutoCloseable {
    /** The {@code stage} of the feed's dead letters. */
    public static final String STAGE = "model-server";

    private static final Logger LOG = LoggerFactory.getLogger(RecommendationsFeed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecommendationListeners listeners;
    private final Consumer<DeadLetter> deadLetters;
    private final AvroCodec<Recommendations> codec = AvroCodec.of(Recommendations.class);

    /** How often an idle feed reads what came since its last sweep (see the class). */
    static final Duration IDLE_SWEEP = Duration.ofSeconds(1);

    /** The most one sweep reads before it pauses (the rest waits for the next sweep). */
    private static final Duration SWEEP_LIMIT = Duration.ofSeconds(1);

    /** How long a sweep's poll waits for the fetch it sends. */
    private static final Duration SWEEP_POLL = Duration.ofMillis(100);

    /** How long a sweep waits for the partitions' ends or positions before it gives up. */
    private static final Duration SWEEP_TIMEOUT = Duration.ofSeconds(5);

    private final List<TopicPartition> partitions;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    /** Whether the feed follows the topic now (someone here is subscribed) or sweeps it idle. */
    private volatile boolean following = true;

    private RecommendationsFeed(
            KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions,
            RecommendationListeners listeners,
            Consumer<DeadLetter> deadLetters) {
        this.consumer = consumer;
        this.partitions = List.copyOf(partitions);
        this.listeners = listeners;
        this.deadLetters = deadLetters;
        this.thread = new Thread(this::run, "perch-recommendations-feed");
        thread.setDaemon(true);
        listeners.onSubscribe(() -> LockSupport.unpark(thread));
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
        RecommendationsFeed feed =
                new RecommendationsFeed(consumer, partitions, listeners, deadLetters);
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
                if (listeners.hasSubscribers()) {
                    if (!following) {
                        consumer.resume(partitions);
                        following = true;
                    }
                    deliverAll(consumer.poll(Duration.ofMillis(500)));
                } else {
                    sweep();
                    following = false;
                    // a first subscriber unparks the thread (a permit given before the park ends it
                    // at once); a spurious return only brings the next sweep forward
                    LockSupport.parkNanos(this, IDLE_SWEEP.toNanos());
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
     * An idle feed's round: reads every partition up to where it ends now, then pauses them. When
     * the broker does not answer, the round is left to the next one.
     */
    private void sweep() {
        consumer.resume(partitions);
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, SWEEP_TIMEOUT);
            long until = System.nanoTime() + SWEEP_LIMIT.toNanos();
            while (running.get() && behind(ends) && System.nanoTime() < until) {
                deliverAll(consumer.poll(SWEEP_POLL));
            }
        } catch (TimeoutException e) {
            LOG.debug(
                    "An idle sweep of {} found no broker: {}",
                    Topics.RECOMMENDATIONS,
                    e.toString());
        }
        consumer.pause(partitions);
    }

    private boolean behind(Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : partitions) {
            Long end = ends.get(partition);
            if (end != null && consumer.position(partition, SWEEP_TIMEOUT) < end) {
                return true;
            }
        }
        return false;
    }

    private void deliverAll(ConsumerRecords<byte[], byte[]> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            deliver(record, codec, listeners, deadLetters);
        }
    }

    /** Whether the feed follows the topic now, rather than sweeping it idle (see the class). */
    boolean following() {
        return following;
    }

    /** The fetch requests the feed's consumer has sent ({@code fetch-total}). */
    long fetches() {
        for (Map.Entry<MetricName, ? extends Metric> metric : consumer.metrics().entrySet()) {
            if (metric.getKey().name().equals("fetch-total")
                    && metric.getKey().group().equals("consumer-fetch-manager-metrics")) {
                return ((Number) metric.getValue().metricValue()).longValue();
            }
        }
        return 0;
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
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
