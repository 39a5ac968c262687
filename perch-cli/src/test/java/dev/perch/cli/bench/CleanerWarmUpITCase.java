package dev.perch.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bench's warm-up of the broker's log cleaner against the real broker. */
@DisplayName("CleanerWarmUp against the broker: the cleaner compacts its topic, which goes after")
class CleanerWarmUpITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final TopicPartition PARTITION = new TopicPartition(CleanerWarmUp.TOPIC, 0);

    @Test
    @DisplayName(
            "a compacted topic with 1 MiB segments gets every burst, the broker's cleaner shrinks"
                    + " it to about one record per key, and close deletes it")
    void theCleanerRunsOnItsTopic() throws Exception {
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(settings)) {
            int records = 20_000; // about 4.4 MB with keys and headers: four rolled segments each
            try (CleanerWarmUp warmUp =
                    CleanerWarmUp.start(KAFKA.bootstrapServers(), 2, 2, records)) {
                ConfigResource topic =
                        new ConfigResource(ConfigResource.Type.TOPIC, CleanerWarmUp.TOPIC);
                Config config =
                        admin.describeConfigs(List.of(topic))
                                .all()
                                .get(30, TimeUnit.SECONDS)
                                .get(topic);
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
                assertThat(config.get(TopicConfig.SEGMENT_BYTES_CONFIG).value())
                        .isEqualTo(Integer.toString(CleanerWarmUp.SEGMENT_BYTES));
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(warmUp.written()).isEqualTo(2L * records));
                // a consumer reads it across its rolled segments, as Perch's consumers read theirs
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(warmUp.read()).isPositive());
                long written = 2L * records * CleanerWarmUp.VALUE_BYTES;
                // the cleaner looks for dirty logs every 15 s; compacted, the 1,000 keys' last
                // records and the open segment's are left
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(size(admin)).isLessThan(written / 2));
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () ->
                                    assertThat(admin.listTopics().names().get())
                                            .doesNotContain(CleanerWarmUp.TOPIC));
        }
    }

    /** The bytes of the topic's one partition on the broker's log directories. */
    private static long size(Admin admin) throws Exception {
        long size = 0;
        for (Map<String, LogDirDescription> dirs :
                admin.describeLogDirs(
                                admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                                        .map(Node::id)
                                        .toList())
                        .allDescriptions()
                        .get(30, TimeUnit.SECONDS)
                        .values()) {
            for (LogDirDescription dir : dirs.values()) {
                ReplicaInfo replica = dir.replicaInfos().get(PARTITION);
                if (replica != null) {
                    size += replica.size();
                }
            }
        }
        return size;
    }
}
