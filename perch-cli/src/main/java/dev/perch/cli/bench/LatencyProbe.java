package dev.perch.cli.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads an output topic (perch.user-state or perch.recommendations) from its end and hands each
 * record's user (the key) and state version to {@link PendingEvents}, which gives every event the
 * record covers its latency. Only the version is decoded ({@link VersionReader}), so a probe costs
 * little of the machine it measures.
 */
public final class LatencyProbe implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final VersionReader versions;
    private final PendingEvents pending;
    private final PendingEvents.Stage stage;
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
        // long polling: the broker answers a fetch as soon as one record is there (fetch.min.bytes
        // 1), so the default fetch.max.wait adds no latency, while a short one would make the probe
        // (and the broker) answer hundreds of empty fetches a second
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
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
                for (ConsumerRecord<String, byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    records.incrementAndGet();
                    if (record.key() == null || record.value() == null) {
                        continue; // a tombstone covers nothing
                    }
                    long version = versions.version(record.value());
                    if (version >= 0) {
                        pending.covered(stage, record.key(), version, now);
                    }
                }
            }
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
