package dev.perch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Creating the Perch topics")
class PerchTopicsITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @Test
    @DisplayName(
            "Every topic exists with its partitions, compacted exactly where Topics says, even"
                    + " after a second call")
    void createsAllTopicsIdempotently() throws Exception {
        PerchTopics.ensureCreated(KAFKA.bootstrapServers(), 2);
        PerchTopics.ensureCreated(KAFKA.bootstrapServers(), 2);

        try (Admin admin = KafkaTestClients.admin(KAFKA.bootstrapServers())) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(Topics.ALL).allTopicNames().get(1, TimeUnit.MINUTES);
            assertThat(topics).containsOnlyKeys(Topics.ALL);
            assertThat(topics.values())
                    .allSatisfy(
                            t -> {
                                assertThat(t.partitions()).hasSize(2);
                                assertThat(t.partitions().get(0).replicas()).hasSize(1);
                            });
            assertThat(cleanupPolicies(admin))
                    .isEqualTo(
                            Topics.ALL.stream()
                                    .collect(
                                            Collectors.toMap(
                                                    t -> t,
                                                    t ->
                                                            Topics.COMPACTED.contains(t)
                                                                    ? "compact"
                                                                    : "delete")));
        }
    }

    private static Map<String, String> cleanupPolicies(Admin admin) throws Exception {
        List<ConfigResource> resources =
                Topics.ALL.stream()
                        .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                        .toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(1, TimeUnit.MINUTES);
        return configs.entrySet().stream()
                .collect(
                        Collectors.toMap(
                                e -> e.getKey().name(),
                                e -> e.getValue().get(TopicConfig.CLEANUP_POLICY_CONFIG).value()));
    }
}
