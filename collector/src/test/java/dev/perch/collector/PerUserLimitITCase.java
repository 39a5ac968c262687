package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.UserEventRate;
import dev.perch.events.ClickEvent;
import dev.perch.kafka.KafkaBrokerExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-user event limit at the collector's door: perch-core's {@link UserEventRate}, the rule
 * the user-state job runs too, so that nothing the collector answers "accepted" is dead-lettered
 * later as RATE_LIMITED.
 */
@DisplayName("The per-user event limit at the collector")
class PerUserLimitITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @Test
    @DisplayName(
            "a request that would take a user past the per-user limit gets 429 with Retry-After"
                    + " and stores nothing, other users pass, and every event stored passes the"
                    + " job's rule")
    void perUserLimitAtTheDoor() throws Exception {
        String topic = TestKafka.createTopic(KAFKA.bootstrapServers(), "per-user", 1);
        UserEventRate rate = new UserEventRate(5);
        // every event in one minute of event time (the last full one), whenever the test runs
        Instant minute =
                Instant.ofEpochMilli(UserEventRate.minuteOf(System.currentTimeMillis()) - 60_000);
        CollectorConfig config =
                CollectorConfig.defaults(KAFKA.bootstrapServers())
                        .withTopic(topic)
                        .withPort(0)
                        .withRateLimit(0, 1);
        try (CollectorServer collector =
                CollectorServer.start(config, CollectorAccess.closed().withPerUser(rate))) {
            List<String> busy = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                busy.add(Events.view(Events.id(), "busy", "i-" + i, minute));
            }
            Http.Answer first = Http.post(collector.port(), Events.array(busy));
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.json().get("accepted").asInt()).isEqualTo(5);

            String sixthId = Events.id();
            Http.Answer sixth =
                    Http.post(collector.port(), Events.view(sixthId, "busy", "i-6", minute));
            assertThat(sixth.status()).as(sixth.body()).isEqualTo(429);
            assertThat(Long.parseLong(sixth.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(sixth.json().get("error").asText())
                    .contains("more than 5 events in one minute")
                    .contains("nothing was stored");

            String mixedId = Events.id();
            Http.Answer mixed =
                    Http.post(
                            collector.port(),
                            Events.array(
                                    List.of(
                                            Events.view(mixedId, "calm", "i-1", minute),
                                            Events.view(Events.id(), "busy", "i-7", minute))));
            assertThat(mixed.status()).as("refused whole").isEqualTo(429);

            String calmId = Events.id();
            Http.Answer calm =
                    Http.post(collector.port(), Events.view(calmId, "calm", "i-2", minute));
            assertThat(calm.status()).as("another user").isEqualTo(200);

            List<ConsumerRecord<String, ClickEvent>> stored =
                    TestKafka.readEventsUntil(
                            KAFKA.bootstrapServers(),
                            topic,
                            rs -> rs.stream().anyMatch(r -> r.value().getEventId().equals(calmId)));
            List<String> ids = stored.stream().map(r -> r.value().getEventId()).toList();
            assertThat(ids).hasSize(6).contains(calmId).doesNotContain(sixthId, mixedId);
            // the user-state job's rule, on the events in their partition's order: all admitted
            UserEventRate.Window window = null;
            for (ConsumerRecord<String, ClickEvent> r : stored) {
                if (r.key().equals("busy")) {
                    window = rate.admit(window, r.value().getEventTime().toEpochMilli());
                    assertThat(window).as("the job keeps %s", r.value().getEventId()).isNotNull();
                }
            }
        }
    }
}
