package dev.perch.cli.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Counts the records written to topics, as the sum of their partitions' end offsets. */
public final class TopicCounter implements AutoCloseable {
    private final Admin admin;

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
        List<TopicPartition> partitions =
                admin
                        .describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        Map<TopicPartition, OffsetSpec> request =
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        ListOffsetsResult result = admin.listOffsets(request);
        long total = 0;
        for (var info : result.all().get(30, TimeUnit.SECONDS).values()) {
            total += info.offset();
        }
        return total;
    }

    @Override
    public void close() {
        admin.close();
    }
}
