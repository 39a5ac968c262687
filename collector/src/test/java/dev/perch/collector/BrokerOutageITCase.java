package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.kafka.KafkaBrokerExtension;
import dev.perch.kafka.ProcessKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The collector while its broker is lost: killed (SIGKILL, connections refused) or hung (SIGSTOP,
 * connections open but silent). Either way it must answer 503 with a clear error and report DOWN
 * within seconds, never hold a request past its send timeout, and take events again (200) once the
 * broker is back.
 */
@DisplayName("The collector when its broker dies or hangs")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerOutageITCase {

    /** How long Kafka may take to acknowledge: a request is never held much longer. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    /** The probe notices within two intervals and a timeout (3.5 s); the rest is slack. */
    private static final Duration DETECTION = Duration.ofSeconds(10);

    /** Slack over the send timeout for the answer itself (the collector adds at most 5 s). */
    private static final Duration ANSWER_SLACK = Duration.ofSeconds(6);

    private static final Duration RECOVERY = Duration.ofSeconds(90);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.dedicated();

    private static ProcessKafkaBroker broker;
    private static CollectorServer collector;

    @BeforeAll
    static void start() throws Exception {
        broker = (ProcessKafkaBroker) KAFKA.broker();
        String topic = TestKafka.createTopic(broker.bootstrapServers(), "outage", 1);
        collector =
                CollectorServer.start(
                        CollectorConfig.defaults(broker.bootstrapServers())
                                .withTopic(topic)
                                .withPort(0)
                                .withRateLimit(0, 1)
                                .withSendTimeout(SEND_TIMEOUT));
        awaitAccepting();
    }

    @AfterAll
    static void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName(
            "a killed broker: /health DOWN and POST 503 'Kafka is unreachable' within seconds,"
                    + " no request held past the send timeout, 200 again after the restart")
    void killedBroker() {
        broker.kill();
        awaitDown();
        Timed answer = post();
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body()).contains("Kafka is unreachable");
        assertThat(answer.millis()).as("a quick 503").isLessThan(2_000);

        broker.restart();
        awaitAccepting();
    }

    @Test
    @Order(2)
    @DisplayName(
            "a hung broker (SIGSTOP): a request in flight is answered within the send timeout,"
                    + " /health goes DOWN and POST 503 within seconds, 200 again after SIGCONT")
    void hungBroker() {
        broker.suspend();
        try {
            Timed inFlight = post();
            assertThat(inFlight.status()).as(inFlight.body()).isEqualTo(503);
            assertThat(inFlight.millis())
                    .as("held no longer than the send timeout")
                    .isLessThan(SEND_TIMEOUT.plus(ANSWER_SLACK).toMillis());
            awaitDown();
            Timed refused = post();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body()).contains("Kafka is unreachable");
            assertThat(refused.millis()).as("a quick 503").isLessThan(2_000);
        } finally {
            broker.resume();
        }
        awaitAccepting();
    }

    /** Waits until /health says DOWN for Kafka; every POST meanwhile is answered in time. */
    private static void awaitDown() {
        AtomicReference<Http.Answer> health = new AtomicReference<>();
        Awaitility.await("/health DOWN")
                .atMost(DETECTION)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            health.set(Http.get(collector.port(), "/health"));
                            return health.get().status() == 503;
                        });
        assertThat(health.get().json().get("status").asText()).isEqualTo("DOWN");
        assertThat(health.get().body()).contains("kafka").contains("unreachable");
    }

    /** Waits until the collector stores events again (200) and /health is UP. */
    private static void awaitAccepting() {
        Awaitility.await("POST 200 and /health UP")
                .atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            Timed answer = post();
                            assertThat(answer.millis())
                                    .as("held no longer than the send timeout")
                                    .isLessThan(SEND_TIMEOUT.plus(ANSWER_SLACK).toMillis());
                            return answer.status() == 200
                                    && Http.get(collector.port(), "/health").status() == 200;
                        });
    }

    private record Timed(int status, String body, long millis) {}

    private static Timed post() {
        long start = System.nanoTime();
        Http.Answer answer =
                Http.post(
                        collector.port(),
                        Events.array(List.of(Events.view(Events.id(), "outage-user", "item-1"))));
        return new Timed(answer.status(), answer.body(), (System.nanoTime() - start) / 1_000_000);
    }
}
