package dev.perch.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.kafka.KafkaBrokerExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bench's topic settings against the real broker. */
@DisplayName("TopicCounter against the broker: the bench's topic settings")
class TopicCounterITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @Test
    @DisplayName(
            "the bench's segment size reaches the broker for the topics named, and only for them")
    void segmentSizeIsSetOnTheNamedTopics() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        String rolled = "bench-rolled-" + UUID.randomUUID();
        String other = "bench-other-" + UUID.randomUUID();
        try (TopicCounter counter = new TopicCounter(bootstrap)) {
            counter.ensureTopic(rolled, 2);
            counter.ensureTopic(other, 1);
            counter.rollSegmentsAt(BenchCommand.SEGMENT_BYTES, rolled);
        }
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(segmentBytes(admin, rolled))
                    .isEqualTo(Integer.toString(BenchCommand.SEGMENT_BYTES));
            assertThat(segmentBytes(admin, other))
                    .isNotEqualTo(Integer.toString(BenchCommand.SEGMENT_BYTES));
        }
    }

    private static String segmentBytes(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS);
        return configs.get(resource).get(TopicConfig.SEGMENT_BYTES_CONFIG).value();
    }
}
