package dev.perch.cli.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Has the bench's fresh broker run its log cleaner during the JIT warm-up, so that the cleaner's
 * code is compiled before the measured phases, as on a broker that has been running: without it the
 * first segments of Perch's compacted topics (perch.user-state, perch.recommendations, the model
 * server's changelogs) rolled inside the 1,000 events/s phase and the broker's JIT compiled the
 * cleaner there (0.4-0.7 cores for about 3 s on two cores; docs/benchmarks.md, thirty-third and
 * thirty-fourth sessions). The cleaning of Perch's own topics stays where it falls.
 *
 * <p>A compacted topic with 1 MiB segments gets {@link #BURSTS} bursts of {@link #RECORDS} small
 * records over {@link #KEYS} keys, spread over the warm-up (the cleaner looks for dirty logs every
 * 15 s); the topic is deleted on {@link #close}.
 */
final class CleanerWarmUp implements AutoCloseable {
    static final String TOPIC = "perch.bench-cleaner-warm-up";
    static final int BURSTS = 3;
    static final int RECORDS = 100_000;
    static final int KEYS = 1_000;
    static final int VALUE_BYTES = 200;
    static final int SEGMENT_BYTES = 1024 * 1024;

    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private volatile boolean reading = true;
    private Thread reader;

    private CleanerWarmUp(Admin admin, KafkaProducer<String, byte[]> producer) {
        this.admin = admin;
        this.producer = producer;
        this.writer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "perch-bench-cleaner-warm-up");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * Creates the topic and writes its first burst at once, the others at even steps of {@code
     * warmUpSeconds}.
     */
    static CleanerWarmUp start(String bootstrap, int warmUpSeconds) throws Exception {
        return start(bootstrap, warmUpSeconds, BURSTS, RECORDS);
    }

    /** {@link #start(String, int)} with {@code bursts} bursts of {@code records} records. */
    static CleanerWarmUp start(String bootstrap, int warmUpSeconds, int bursts, int records)
            throws Exception {
        Properties adminSettings = new Properties();
        adminSettings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        adminSettings.put(AdminClientConfig.CLIENT_ID_CONFIG, "perch-bench-cleaner-warm-up");
        Admin admin = Admin.create(adminSettings);
        try {
            admin.createTopics(
                            List.of(
                                    new NewTopic(TOPIC, Optional.of(1), Optional.empty())
                                            .configs(
                                                    Map.of(
                                                            TopicConfig.CLEANUP_POLICY_CONFIG,
                                                            TopicConfig.CLEANUP_POLICY_COMPACT,
                                                            TopicConfig.SEGMENT_BYTES_CONFIG,
                                                            Integer.toString(SEGMENT_BYTES)))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            admin.close();
            throw e;
        }
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "perch-bench-cleaner-warm-up");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        CleanerWarmUp warmUp =
                new CleanerWarmUp(
                        admin,
                        new KafkaProducer<>(
                                settings, new StringSerializer(), new ByteArraySerializer()));
        warmUp.reader = new Thread(() -> warmUp.read(bootstrap), "perch-bench-cleaner-reader");
        warmUp.reader.setDaemon(true);
        warmUp.reader.start();
        long step = Math.max(1, warmUpSeconds / bursts);
        for (int burst = 0; burst < bursts; burst++) {
            warmUp.writer.schedule(() -> warmUp.burst(records), burst * step, TimeUnit.SECONDS);
        }
        return warmUp;
    }

    /** Records written so far. */
    long written() {
        return written.get();
    }

    private void burst(int records) {
        byte[] value = new byte[VALUE_BYTES];
        ThreadLocalRandom.current().nextBytes(value);
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(TOPIC, "key-" + (i % KEYS), value));
        }
        producer.flush();
        written.addAndGet(records);
    }

    /**
     * Reads the topic from its start across its rolled segments, as Perch's consumers read theirs.
     */
    private void read(String bootstrap) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "perch-bench-cleaner-reader");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (reading) {
                read.addAndGet(consumer.poll(java.time.Duration.ofMillis(100)).count());
            }
        } catch (RuntimeException e) {
            // the topic went away under the reader at close: nothing to read any more
        }
    }

    /** Records read so far. */
    long read() {
        return read.get();
    }

    /** Stops writing and reading and deletes the topic. */
    @Override
    public void close() throws Exception {
        writer.shutdownNow();
        writer.awaitTermination(30, TimeUnit.SECONDS);
        reading = false;
        if (reader != null) {
            reader.join(10_000);
        }
        try {
            producer.close();
            admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
        } finally {
            admin.close();
        }
    }
}
