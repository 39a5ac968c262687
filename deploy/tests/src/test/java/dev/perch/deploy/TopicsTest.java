package dev.perch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perch.events.Topics;
import dev.perch.kafka.PerchTopics;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every topic the code names ({@link Topics#ALL}) has its Strimzi {@code KafkaTopic} in every
 * overlay, with the cleanup policy the code creates it with ({@link PerchTopics#isCompacted}), and
 * no KafkaTopic names a topic the code does not know.
 */
class TopicsTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.perch.deploy.Overlays#names")
    @DisplayName(
            "every Perch topic has a KafkaTopic with the code's cleanup policy, and only those")
    void everyPerchTopicHasItsKafkaTopic(String overlay) {
        Overlays.Rendered r = Overlays.render(overlay);
        String cluster = r.ofKind("Kafka").get(0).path("metadata").path("name").asText();
        Map<String, JsonNode> byTopic = new HashMap<>();
        for (JsonNode topic : r.ofKind("KafkaTopic")) {
            String name =
                    topic.path("spec")
                            .path("topicName")
                            .asText(topic.path("metadata").path("name").asText());
            assertThat(byTopic.put(name, topic)).as("two KafkaTopics for %s", name).isNull();
            assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                    .as("%s belongs to the Kafka cluster", name)
                    .isEqualTo(cluster);
        }
        assertThat(byTopic.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        for (String name : Topics.ALL) {
            JsonNode spec = byTopic.get(name).path("spec");
            assertThat(spec.path("config").path("cleanup.policy").asText())
                    .as("cleanup.policy of %s", name)
                    .isEqualTo(PerchTopics.isCompacted(name) ? "compact" : "delete");
            assertThat(spec.path("partitions").asInt()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.perch.deploy.Overlays#names")
    @DisplayName("replication and min ISR: 1 in dev, 3 and 2 in production (and gpu)")
    void replicationFitsTheBrokers(String overlay) {
        Overlays.Rendered r = Overlays.render(overlay);
        int brokers =
                r.ofKind("KafkaNodePool").stream()
                        .filter(p -> p.path("spec").path("roles").toString().contains("broker"))
                        .mapToInt(p -> p.path("spec").path("replicas").asInt())
                        .sum();
        int expectedReplicas = overlay.equals("dev") ? 1 : 3;
        int expectedMinIsr = overlay.equals("dev") ? 1 : 2;
        assertThat(brokers).isEqualTo(expectedReplicas);
        for (JsonNode topic : r.ofKind("KafkaTopic")) {
            assertThat(topic.path("spec").path("replicas").asInt()).isEqualTo(expectedReplicas);
            assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt())
                    .isEqualTo(expectedMinIsr);
        }
        JsonNode config = r.ofKind("Kafka").get(0).path("spec").path("kafka").path("config");
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(expectedReplicas);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(expectedMinIsr);
        assertThat(config.path("auto.create.topics.enable").asBoolean(true)).isFalse();
    }
}
