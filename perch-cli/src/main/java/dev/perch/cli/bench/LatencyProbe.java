package dev.perch.cli.bench;

import dev.perch.events.serde.VersionReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads an output topic (perch.user-state or perch.recommendations) from its end and hands each
 * record's user (the key) and state version to {@link PendingEvents}, which gives every event the
 * record covers its latency. Only the version is decoded ({@link VersionReader}), so a probe costs
 * little of the machine it measures.
 *
 * <p><b>When an output counts as there.</b> The bench's broker stamps these two topics' records
 * with the time it appended them ({@code message.timestamp.type=LogAppendTime}, {@link
 * TopicCounter#stampAppendTime}): an output is there for every consumer from that moment, so its
 * latency ends there, and the probe's own fetches need not be quick. It fetches at most every
 * {@link #FETCH_MAX_WAIT_MS} instead of asking for every new record (a quarter of the broker's
 * requests at 1,000 events/s came from the bench's probes and producer, twenty-fifth session), and
 * a probe thread that waits for a core under load no longer adds its wait to the figure. A record
 * without an append time ends at the moment the probe reads it, as before the bench stamped the
 * topics (there are none: the stamp is set before the probes start at the topics' ends, and the
 * bench stops when it cannot be set). The append time is a wall-clock millisecond (the broker runs
 * on this machine's clock), turned into this JVM's monotonic time by the difference between the two
 * clocks read at each poll.
 */
public final class LatencyProbe implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final VersionReader versions;
    private final PendingEvents pending;
    private final PendingEvents.Stage stage;

    /**
     * {@code fetch.max.wait.ms}: how long a fetch may wait for {@link #FETCH_MIN_BYTES}; adds
     * nothing to a latency that ends at the append time.
     */
    static final int FETCH_MAX_WAIT_MS = 200;

    /** {@code fetch.min.bytes}: more than a phase's outputs of {@link #FETCH_MAX_WAIT_MS}. */
    static final int FETCH_MIN_BYTES = 4 * 1024 * 1024;

    private final AtomicLong records = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    /** Starts reading {@code topic} from its current end. */
    public LatencyProbe(
            String bootstrap,
            String topic,
            VersionReader versions,
            PendingEvents pending,
            PendingEvents.Stage stage) {
        this.versions = versions;
        this.pending = pending;
        this.stage = stage;
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // the latency ends at the broker's append time (see the class), so a fetch may wait
        settings.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(FETCH_MIN_BYTES));
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(FETCH_MAX_WAIT_MS));
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "8388608");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20000");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "perch-bench-" + topic);
        this.consumer =
                new KafkaConsumer<>(
                        settings, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.thread = new Thread(this::run, "perch-bench-probe-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Records consumed so far. */
    public long records() {
        return records.get();
    }

    private void run() {
        try {
            while (running.get()) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(100));
                if (polled.isEmpty()) {
                    continue;
                }
                long now = System.nanoTime();
                long offset = monotonicMinusWallClock(now, Instant.now());
                for (ConsumerRecord<String, byte[]> record : polled) {
                    records.incrementAndGet();
                    if (record.key() == null || record.value() == null) {
                        continue; // a tombstone covers nothing
                    }
                    long version = versions.version(record.value());
                    if (version < 0) {
                        continue;
                    }
                    pending.covered(stage, record.key(), version, outputTime(record, now, offset));
                }
            }
        } finally {
            consumer.close();
        }
    }

    /**
     * {@link System#nanoTime} minus the wall clock in nanoseconds, both read now: adds to a wall
     * clock time to give the monotonic time of the same moment.
     */
    static long monotonicMinusWallClock(long nanoTime, Instant wallClock) {
        return nanoTime - (wallClock.getEpochSecond() * 1_000_000_000L + wallClock.getNano());
    }

    /**
     * When {@code record} was there, in {@link System#nanoTime}: its broker's append time (a
     * wall-clock millisecond moved by {@code monotonicMinusWallClock}, read close to it), or {@code
     * readAt}, when the probe read it, for a record that carries the producer's time instead.
     */
    static long outputTime(ConsumerRecord<?, ?> record, long readAt, long monotonicMinusWallClock) {
        return record.timestampType() == TimestampType.LOG_APPEND_TIME
                ? record.timestamp() * 1_000_000L + monotonicMinusWallClock
                : readAt;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
