package dev.perch.kafka;

import dev.perch.events.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates every Perch topic ({@link Topics#ALL}) that does not exist yet, compacted where {@link
 * Topics#COMPACTED} says so. Safe to call at every start and from several processes at once.
 */
public final class PerchTopics {

    private static final long TIMEOUT_SECONDS = 60;

    private PerchTopics() {}

    /**
     * Creates the missing Perch topics with {@code partitions} partitions; existing topics are left
     * as they are. Replication factor 1 on a one-broker cluster, the broker default otherwise.
     */
    public static void ensureCreated(String bootstrapServers, int partitions) {
        ensureCreated(bootstrapServers, java.util.Map.of(), partitions);
    }

    /** {@link #ensureCreated(String, int)} with extra client settings (TLS, SASL). */
    public static void ensureCreated(
            String bootstrapServers, java.util.Map<String, String> clientSettings, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        var config = adminConfig(bootstrapServers);
        config.putAll(clientSettings);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = get(admin.listTopics().names());
            int brokers = get(admin.describeCluster().nodes()).size();
            Optional<Short> replication = brokers == 1 ? Optional.of((short) 1) : Optional.empty();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : Topics.ALL) {
                if (!existing.contains(topic)) {
                    missing.add(newTopic(topic, partitions, replication));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            for (KafkaFuture<Void> created : admin.createTopics(missing).values().values()) {
                try {
                    get(created);
                } catch (IllegalStateException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, Topics.ALL);
        }
    }

    /**
     * Waits until every partition of {@code topics} has a leader that serves it: a producer that
     * starts right after topic creation otherwise meets NOT_LEADER_OR_FOLLOWER and, with
     * idempotence, sequence errors it may never leave (a fresh-clone CI run saw a producer retry
     * OUT_OF_ORDER_SEQUENCE_NUMBER for minutes). A leader in the metadata is not enough: the broker
     * publishes the leader before its replica manager has loaded the partition, so the wait ends
     * only when each partition's leader answers a ListOffsets for it, which it serves from that
     * loaded partition.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        while (true) {
            latest.clear();
            Optional<Map<String, TopicDescription>> described =
                    unlessRetriable(admin.describeTopics(topics).allTopicNames());
            boolean ready = described.isPresent();
            for (TopicDescription topic : described.map(Map::values).orElse(List.of())) {
                for (TopicPartitionInfo p : topic.partitions()) {
                    ready &= p.leader() != null && !p.leader().isEmpty();
                    latest.put(
                            new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest());
                }
            }
            if (ready && unlessRetriable(admin.listOffsets(latest).all()).isPresent()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Perch topics have partitions without a serving leader after "
                                + TIMEOUT_SECONDS
                                + "s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for topic leaders", e);
            }
        }
    }

    /**
     * The future's value, or empty on a retriable error: a broker that has just created a topic may
     * answer a describe for it with UNKNOWN_TOPIC_OR_PARTITION before its metadata has the topic (a
     * CI run failed on that), and a ListOffsets with it before the partition is loaded; the caller
     * waits both out.
     */
    static <T> Optional<T> unlessRetriable(KafkaFuture<T> future) {
        try {
            return Optional.of(get(future));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof RetriableException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether Perch keeps only the latest record per key on {@code topic}. */
    public static boolean isCompacted(String topic) {
        return Topics.COMPACTED.contains(topic);
    }

    private static NewTopic newTopic(String name, int partitions, Optional<Short> replication) {
        NewTopic topic = new NewTopic(name, Optional.of(partitions), replication);
        if (isCompacted(name)) {
            topic.configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka did not answer within " + TIMEOUT_SECONDS + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted talking to Kafka", e);
        }
    }

    private static Properties adminConfig(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "perch-topics");
        return config;
    }
}
