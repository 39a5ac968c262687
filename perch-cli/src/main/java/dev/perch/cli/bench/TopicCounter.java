package dev.perch.cli.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Counts the records written to topics (the sum of their partitions' end offsets) and how far
 * consumer groups are behind, through the admin client: no record is read. Also sets the output
 * topics' timestamps to the broker's append time ({@link #stampAppendTime}).
 */
public final class TopicCounter implements AutoCloseable {
    private final Admin admin;
    private final Map<String, List<TopicPartition>> partitions = new ConcurrentHashMap<>();

    public TopicCounter(String bootstrap) {
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "perch-bench-counter");
        this.admin = Admin.create(settings);
    }

    /**
     * The total end offset of {@code topic} (records ever written; compaction does not lower it).
     */
    public long endOffsets(String topic) throws Exception {
        List<TopicPartition> partitions = partitions(topic);
        Map<TopicPartition, OffsetSpec> request =
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        ListOffsetsResult result = admin.listOffsets(request);
        long total = 0;
        for (var info : result.all().get(30, TimeUnit.SECONDS).values()) {
            total += info.offset();
        }
        return total;
    }

    /**
     * The sum of the offsets consumer group {@code group} committed on {@code topic}'s partitions
     * (0 for a partition it never committed).
     */
    public long committed(String group, String topic) throws Exception {
        long total = 0;
        for (var entry :
                admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS)
                        .entrySet()) {
            if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
                total += entry.getValue().offset();
            }
        }
        return total;
    }

    /** How far consumer group {@code group} is behind the end of {@code topic}. */
    public long lag(String group, String topic) throws Exception {
        return Math.max(0, endOffsets(topic) - committed(group, topic));
    }

    private List<TopicPartition> partitions(String topic) throws Exception {
        List<TopicPartition> known = partitions.get(topic);
        if (known == null) {
            known =
                    admin
                            .describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic)
                            .partitions()
                            .stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            partitions.put(topic, known);
        }
        return known;
    }

    /** Creates {@code topic} with {@code partitions} partitions unless it exists. */
    public void ensureTopic(String topic, int partitions) throws Exception {
        if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
            return;
        }
        admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    /**
     * Has the broker stamp every record it appends to {@code topics} from now on with the time it
     * appended it ({@code message.timestamp.type=LogAppendTime}, instead of the producer's time):
     * the moment an output is there for every consumer, where the bench's latencies end (see {@link
     * LatencyProbe}). Nothing in Perch reads these topics' record timestamps.
     */
    public void stampAppendTime(String... topics) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (String topic : topics) {
            changes.put(
                    new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(
                            new AlterConfigOp(
                                    new ConfigEntry(
                                            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                                            "LogAppendTime"),
                                    AlterConfigOp.OpType.SET)));
        }
        admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        admin.close();
    }
}
