package dev.perch.cli.bench;

import java.util.HashMap;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Has the bench's fresh broker run its log cleaner during the JIT warm-up, so that the cleaner's
 * code is compiled before the measured phases, as on a broker that has been running: without it the
 * first segments of perch.user-state rolled inside the committed command's 1,000 events/s phase and
 * the broker's compiler threads took 0.2-0.6 cores in the seconds of that first cleaning, which ran
 * at a third of its later speed (docs/benchmarks.md, thirty-fourth session). The cleaning of
 * Perch's own topics stays where it falls.
 *
 * <p>A compacted topic, with the broker's own segment size, gets {@link #BURSTS} bursts of {@link
 * #RECORDS} records shaped like perch.user-state's ({@link #VALUE_BYTES} bytes over {@link #KEYS}
 * keys: a cleaned segment keeps about the share of records a user-state segment keeps), spread over
 * the warm-up (the cleaner looks for dirty logs every 15 s); the topic is deleted on {@link
 * #close}. A first form with 1 MiB segments and 1,000 keys left the compilers' burst at the first
 * real cleaning in place.
 */
final class CleanerWarmUp implements AutoCloseable {
    static final String TOPIC = "perch.bench-cleaner-warm-up";
    static final int BURSTS = 3;
    static final int RECORDS = 60_000;
    static final int KEYS = 7_000;
    static final int VALUE_BYTES = 350;

    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService writer;
    private final AtomicLong written = new AtomicLong();

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
        return start(bootstrap, warmUpSeconds, BURSTS, RECORDS, Map.of());
    }

    /**
     * {@link #start(String, int)} with {@code bursts} bursts of {@code records} records and more
     * settings for the topic ({@code segment.bytes} in the test).
     */
    static CleanerWarmUp start(
            String bootstrap,
            int warmUpSeconds,
            int bursts,
            int records,
            Map<String, String> topicSettings)
            throws Exception {
        Map<String, String> configs = new HashMap<>(topicSettings);
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Properties adminSettings = new Properties();
        adminSettings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        adminSettings.put(AdminClientConfig.CLIENT_ID_CONFIG, "perch-bench-cleaner-warm-up");
        Admin admin = Admin.create(adminSettings);
        try {
            admin.createTopics(
                            List.of(
                                    new NewTopic(TOPIC, Optional.of(1), Optional.empty())
                                            .configs(configs)))
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

    /** Stops writing and deletes the topic. */
    @Override
    public void close() throws Exception {
        writer.shutdownNow();
        writer.awaitTermination(30, TimeUnit.SECONDS);
        try {
            producer.close();
            admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
        } finally {
            admin.close();
        }
    }
}
