package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.kafka.KafkaBrokerExtension;
import dev.perch.kafka.RequiredInCi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("tracker.js in node -> collector -> Kafka")
class TrackerEndToEndITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @Test
    @DisplayName("Events tracked with the shipped tracker arrive in Kafka under the tracker's ids")
    void trackerEventsReachKafka() throws Exception {
        RequiredInCi.assume(
                TrackerJsTest.nodeAvailable(),
                "node is not on the PATH: the tracker end-to-end test needs it");
        String topic = TestKafka.createTopic(KAFKA.bootstrapServers(), "collector-e2e", 1);
        JsonNode result;
        try (CollectorServer collector =
                CollectorServer.start(
                        CollectorConfig.defaults(KAFKA.bootstrapServers())
                                .withTopic(topic)
                                .withPort(0))) {
            Process node =
                    new ProcessBuilder(
                                    "node",
                                    "src/test/js/tracker-e2e.js",
                                    TrackerJsTest.TRACKER.toString(),
                                    "http://127.0.0.1:" + collector.port() + "/v1/events",
                                    "customer-e2e")
                            .redirectErrorStream(true)
                            .start();
            String output =
                    new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).as(output).isZero();
            result = new ObjectMapper().readTree(output.lines().reduce((a, b) -> b).orElse("{}"));
        }
        List<String> ids = new ArrayList<>();
        result.get("ids").forEach(id -> ids.add(id.asText()));

        List<ConsumerRecord<String, ClickEvent>> records =
                TestKafka.readEventsUntil(KAFKA.bootstrapServers(), topic, rs -> rs.size() >= 3);

        assertThat(result.get("statuses").get(0).asInt()).isEqualTo(200);
        assertThat(records).extracting(r -> r.value().getEventId()).containsExactlyElementsOf(ids);
        assertThat(records)
                .extracting(r -> r.value().getType())
                .containsExactly(EventType.VIEW, EventType.ADD_TO_CART, EventType.PURCHASE);
        assertThat(records)
                .allSatisfy(
                        r -> {
                            assertThat(r.key()).isEqualTo("customer-e2e");
                            assertThat(r.value().getContext().getPage()).isEqualTo("/e2e");
                        });
    }
}
