package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perch.core.UserEventRate;
import dev.perch.events.ClickEvent;
import dev.perch.kafka.KafkaBroker;
import dev.perch.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The collector while its broker crashes and restarts")
class BrokerRestartITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.dedicated();

    @Test
    @DisplayName(
            "Every event answered 'accepted' before, during or after a SIGKILL is in the topic")
    void noAcceptedEventIsLost() throws Exception {
        KafkaBroker broker = KAFKA.broker();
        assumeTrue(broker.supportsFaults());
        String topic = TestKafka.createTopic(broker.bootstrapServers(), "collector-restart", 2);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger failedAnswers = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch warmedUp = new CountDownLatch(50);
        CountDownLatch afterRestart = new CountDownLatch(50);
        AtomicBoolean restarted = new AtomicBoolean();

        // two posters in a tight loop send far more than a shopper's per-user limit; the limit is
        // not this test's subject (PerUserLimitITCase), so it is lifted here
        try (CollectorServer collector =
                CollectorServer.start(
                        CollectorConfig.defaults(broker.bootstrapServers())
                                .withTopic(topic)
                                .withPort(0)
                                .withRateLimit(0, 1)
                                .withSendTimeout(Duration.ofSeconds(60)),
                        CollectorAccess.closed().withPerUser(new UserEventRate(1_000_000)))) {
            List<Thread> posters = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int poster = t;
                Thread thread =
                        new Thread(
                                () -> {
                                    while (!stop.get()) {
                                        List<String> ids =
                                                post(
                                                        collector.port(),
                                                        poster,
                                                        accepted,
                                                        failedAnswers);
                                        for (int i = 0; i < ids.size(); i++) {
                                            (restarted.get() ? afterRestart : warmedUp).countDown();
                                        }
                                    }
                                },
                                "poster-" + t);
                thread.start();
                posters.add(thread);
            }

            assertThat(warmedUp.await(2, TimeUnit.MINUTES)).isTrue();
            broker.kill();
            broker.restart();
            restarted.set(true);
            assertThat(afterRestart.await(3, TimeUnit.MINUTES))
                    .as("the collector accepts events again after the restart")
                    .isTrue();
            stop.set(true);
            for (Thread thread : posters) {
                thread.join(TimeUnit.MINUTES.toMillis(2));
            }
        }

        List<ConsumerRecord<String, ClickEvent>> records =
                TestKafka.readEventsUntil(
                        broker.bootstrapServers(),
                        topic,
                        rs ->
                                rs.stream()
                                        .map(r -> r.value().getEventId())
                                        .collect(Collectors.toSet())
                                        .containsAll(accepted));
        Set<String> stored =
                records.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet());
        assertThat(accepted).hasSizeGreaterThanOrEqualTo(100);
        assertThat(stored)
                .as(
                        "%d ids accepted, %d answers other than 200",
                        accepted.size(), failedAnswers.get())
                .containsAll(accepted);
    }

    /** Posts a batch of 5 new events; records and returns the ids the collector accepted. */
    private static List<String> post(
            int port, int poster, Set<String> accepted, AtomicInteger failedAnswers) {
        List<String> ids = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            String id = Events.id();
            ids.add(id);
            events.add(Events.view(id, "user-" + poster + "-" + n, "item-" + n));
        }
        Http.Answer answer = Http.post(port, Events.array(events));
        List<String> ok = new ArrayList<>();
        JsonNode results =
                answer.status() == 200 || answer.status() == 503
                        ? answer.json().get("results")
                        : null;
        if (results != null) { // a 503 before any send ("Kafka is unreachable") has none
            for (JsonNode result : results) {
                if (result.get("status").asText().equals("accepted")) {
                    ok.add(result.get("eventId").asText());
                }
            }
        }
        if (answer.status() != 200) {
            failedAnswers.incrementAndGet();
        }
        accepted.addAll(ok);
        return ok;
    }
}
