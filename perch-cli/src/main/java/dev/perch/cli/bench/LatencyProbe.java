package dev.perch.cli.bench;

import dev.perch.events.serde.PerchSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads an output topic from its end and records, for every record caused by an event received
 * after {@link #measureFrom}, the time from that event's arrival to the record's consumption: the
 * latency a subscriber of the topic sees.
 *
 * @param <T> the Avro record type of the topic
 */
public final class LatencyProbe<T extends SpecificRecordBase> implements AutoCloseable {
    private final KafkaConsumer<String, T> consumer;
    private final Function<T, Instant> causeReceivedTime;
    private final Histogram histogram = new Histogram(3_600_000L, 3);
    private final AtomicLong records = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile long measureFromMillis = Long.MAX_VALUE;

    /** Starts reading {@code topic} from its current end. */
    public LatencyProbe(
            String bootstrap, String topic, Class<T> type, Function<T, Instant> causeReceivedTime) {
        this.causeReceivedTime = causeReceivedTime;
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "perch-bench-" + topic);
        this.consumer =
                new KafkaConsumer<>(
                        settings, new StringDeserializer(), PerchSerdes.deserializer(type));
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

    /**
     * Counts only records caused by events received at or after {@code start}; resets the
     * histogram.
     */
    public synchronized void measureFrom(Instant start) {
        histogram.reset();
        records.set(0);
        measureFromMillis = start.toEpochMilli();
    }

    /** A copy of the latencies recorded since {@link #measureFrom}, in milliseconds. */
    public synchronized Histogram snapshot() {
        return histogram.copy();
    }

    /** Records consumed since {@link #measureFrom}. */
    public long records() {
        return records.get();
    }

    private void run() {
        while (running.get()) {
            for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(50))) {
                long now = System.currentTimeMillis();
                Instant cause =
                        record.value() == null ? null : causeReceivedTime.apply(record.value());
                if (cause != null && cause.toEpochMilli() >= measureFromMillis) {
                    synchronized (this) {
                        histogram.recordValue(
                                Math.max(0, Math.min(now - cause.toEpochMilli(), 3_600_000L)));
                    }
                    records.incrementAndGet();
                }
            }
        }
        consumer.close();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
