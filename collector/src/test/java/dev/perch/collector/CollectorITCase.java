package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perch.events.ClickEvent;
import dev.perch.kafka.KafkaBrokerExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("POST /v1/events against a real broker")
class CollectorITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static String topic;
    private static CollectorServer open;
    private static CollectorServer limited;
    private static CollectorServer keyed;
    private static CollectorServer small;

    @BeforeAll
    static void startCollectors() throws Exception {
        topic = TestKafka.createTopic(KAFKA.bootstrapServers(), "collector-it", 1);
        CollectorConfig base =
                CollectorConfig.defaults(KAFKA.bootstrapServers())
                        .withTopic(topic)
                        .withPort(0)
                        .withRateLimit(0, 1);
        open = CollectorServer.start(base);
        limited = CollectorServer.start(base.withRateLimit(0.01, 2));
        keyed = CollectorServer.start(base.withWriteKeys(Set.of("shop-a-key", "shop-b-key")));
        small = CollectorServer.start(base.withMaxBodyBytes(1024));
    }

    @AfterAll
    static void stopCollectors() {
        for (CollectorServer server : new CollectorServer[] {open, limited, keyed, small}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @DisplayName(
            "A valid batch, posted twice (a retry), lands in Kafka exactly once per event id, keyed"
                    + " by user, with receivedTime set")
    void validBatchLandsExactlyOncePerEventId() {
        List<String> ids = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            String id = Events.id();
            ids.add(id);
            events.add(Events.view(id, "user-" + (n % 4), "item-" + n));
        }
        events.add(events.get(3)); // the same event twice in one batch
        Instant before = Instant.now();

        Http.Answer first = Http.post(open.port(), Events.array(events));
        Http.Answer retry = Http.post(open.port(), Events.array(events));
        String marker = Events.id();
        assertThat(Http.post(open.port(), Events.view(marker, "marker", "m")).status())
                .isEqualTo(200);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("accepted").asInt()).isEqualTo(21);
        assertThat(first.json().get("results").get(20).get("duplicate").asBoolean()).isTrue();
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("results"))
                .allSatisfy(r -> assertThat(r.get("duplicate").asBoolean()).isTrue());
        // One partition: everything written before the marker is read before it.
        List<ConsumerRecord<String, ClickEvent>> records =
                TestKafka.readEventsUntil(
                        KAFKA.bootstrapServers(),
                        topic,
                        rs -> rs.stream().anyMatch(r -> r.value().getEventId().equals(marker)));
        Map<String, Long> countById =
                records.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> r.value().getEventId(), Collectors.counting()));
        assertThat(ids).allSatisfy(id -> assertThat(countById).containsEntry(id, 1L));
        Map<String, ConsumerRecord<String, ClickEvent>> byId =
                records.stream()
                        .collect(
                                Collectors.toMap(
                                        r -> r.value().getEventId(),
                                        Function.identity(),
                                        (a, b) -> a));
        ConsumerRecord<String, ClickEvent> one = byId.get(ids.get(5));
        assertThat(one.key()).isEqualTo("user-1").isEqualTo(one.value().getUserId());
        assertThat(one.value().getReceivedTime()).isAfterOrEqualTo(before.minusMillis(1));
    }

    @Test
    @DisplayName("A body that is not JSON, is empty, or is an empty array or a number gets 400")
    void malformedBodiesGet400() {
        for (String body : List.of("{not json", "", "[]", "42", "[{}] trailing")) {
            Http.Answer answer = Http.post(open.port(), body);

            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.json().get("error").asText()).as(body).isNotBlank();
        }
        assertThat(Http.post(open.port(), "{oops").json().get("error").asText())
                .startsWith("the body is not valid JSON");
    }

    @Test
    @DisplayName(
            "Bad events are rejected one by one with field and reason; the good ones of the same"
                    + " batch are accepted")
    void perEventFieldErrors() {
        String good = Events.id();
        long now = Instant.now().toEpochMilli();
        String noItem =
                "{\"eventId\":\""
                        + Events.id()
                        + "\",\"userId\":\"u\",\"type\":\"view\",\"eventTime\":"
                        + now
                        + "}";
        String badType =
                "{\"eventId\":\""
                        + Events.id()
                        + "\",\"userId\":\"u\",\"type\":\"hover\",\"itemId\":\"i\",\"eventTime\":"
                        + now
                        + "}";
        String future = Events.view(Events.id(), "u", "i").replace(Long.toString(now), "");
        future =
                "{\"eventId\":\""
                        + Events.id()
                        + "\",\"userId\":\"u\",\"type\":\"view\",\"itemId\":\"i\",\"eventTime\":"
                        + (now + 3_600_000)
                        + "}";
        String ancient =
                "{\"eventId\":\""
                        + Events.id()
                        + "\",\"userId\":\"u\",\"type\":\"view\",\"itemId\":\"i\",\"eventTime\":\"2001-01-01T00:00:00Z\"}";
        String longUser = Events.view(Events.id(), "u".repeat(300), "i");
        String batch =
                Events.array(
                        List.of(
                                Events.view(good, "u", "i"),
                                noItem,
                                badType,
                                future,
                                ancient,
                                longUser,
                                "7"));

        Http.Answer answer = Http.post(open.port(), batch);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").asInt()).isEqualTo(6);
        JsonNode results = body.get("results");
        assertThat(results.get(0).get("status").asText()).isEqualTo("accepted");
        assertThat(results.get(0).get("eventId").asText()).isEqualTo(good);
        assertThat(firstError(results.get(1)))
                .isEqualTo("itemId: is required and must not be blank");
        assertThat(firstError(results.get(2))).startsWith("type: must be one of view, click");
        assertThat(firstError(results.get(3)))
                .startsWith("eventTime: must not be more than PT5M ahead");
        assertThat(firstError(results.get(4))).isEqualTo("eventTime: must not be older than PT24H");
        assertThat(firstError(results.get(5))).isEqualTo("userId: must be at most 256 characters");
        assertThat(firstError(results.get(6))).isEqualTo("$: must be a JSON object");
        assertThat(results.get(1).get("status").asText()).isEqualTo("rejected");

        Http.Answer allBad = Http.post(open.port(), noItem);
        assertThat(allBad.status()).isEqualTo(400);
        assertThat(allBad.json().get("rejected").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("A body over the size limit gets 413, announced or not")
    void oversizedBodyGets413() {
        List<String> events = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            events.add(Events.view(Events.id(), "u", "item-" + n));
        }

        Http.Answer answer = Http.post(small.port(), Events.array(events));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("error").asText()).contains("1024 bytes");
        assertThat(Http.post(small.port(), Events.view(Events.id(), "u", "i")).status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("A client over its token bucket gets 429 with Retry-After; other clients do not")
    void rateLimitedClientGets429() {
        String event = Events.view(Events.id(), "u", "i");
        assertThat(Http.post(limited.port(), event).status()).isEqualTo(200);
        assertThat(Http.post(limited.port(), event).status()).isEqualTo(200);

        Http.Answer third = Http.post(limited.port(), event);

        assertThat(third.status()).isEqualTo(429);
        assertThat(Long.parseLong(third.header("Retry-After"))).isPositive();
        assertThat(Http.post(open.port(), event).status()).as("another collector").isEqualTo(200);
    }

    @Test
    @DisplayName(
            "With write keys configured, a missing or wrong key gets 401, a key in the URL 400, and"
                    + " a right one in the header passes")
    void writeKeys() {
        String event = Events.view(Events.id(), "u", "i");
        Map<String, String> json = Map.of("Content-Type", "application/json");

        Http.Answer missing = Http.post(keyed.port(), "/v1/events", event, json);
        Http.Answer wrong =
                Http.post(
                        keyed.port(),
                        "/v1/events",
                        event,
                        Map.of("Content-Type", "application/json", WriteKeys.HEADER, "nope"));
        Http.Answer right =
                Http.post(
                        keyed.port(),
                        "/v1/events",
                        event,
                        Map.of("Content-Type", "application/json", WriteKeys.HEADER, "shop-b-key"));
        Http.Answer inUrl =
                Http.post(
                        keyed.port(),
                        "/v1/events?writeKey=shop-a-key",
                        event,
                        Map.of("Content-Type", "text/plain;charset=UTF-8"));

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("error").asText()).isEqualTo("a write key is required");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("unknown write key");
        assertThat(right.status()).isEqualTo(200);
        assertThat(inUrl.status()).as("a key in the URL ends up in access logs").isEqualTo(400);
        assertThat(inUrl.body()).doesNotContain("shop-a-key");
    }

    @Test
    @DisplayName("/health answers UP and /metrics exposes accepted, rejected and latency")
    void healthAndMetrics() {
        Http.post(open.port(), Events.view(Events.id(), "u", "i"));
        Http.post(open.port(), "{bad");

        Http.Answer health = Http.get(open.port(), "/health");
        Http.Answer metrics = Http.get(open.port(), "/metrics");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("perch_collector_events_accepted_total")
                .contains("perch_collector_requests_refused_total{status=\"400\"}")
                .contains("perch_collector_request_seconds_bucket");
    }

    @Test
    @DisplayName(
            "The tracker is served, no shop is (no page, no catalog: the demo shop is a site of its"
                    + " own); CORS preflight works")
    void trackerWithoutAShopAndCors() {
        Http.Answer tracker = Http.get(open.port(), "/tracker.js");
        Http.Answer index = Http.get(open.port(), "/");
        Http.Answer catalog = Http.get(open.port(), "/v1/catalog");
        Http.Answer preflight =
                Http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create(
                                                "http://127.0.0.1:" + open.port() + "/v1/events"))
                                .method(
                                        "OPTIONS",
                                        java.net.http.HttpRequest.BodyPublishers.noBody())
                                .header("Origin", "https://shop.example")
                                .header("Access-Control-Request-Method", "POST")
                                .build());

        assertThat(tracker.status()).isEqualTo(200);
        assertThat(tracker.body()).contains("createTracker");
        assertThat(index.status()).isEqualTo(404);
        assertThat(catalog.status()).isEqualTo(404);
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin"))
                .isEqualTo("https://shop.example");
        assertThat(preflight.header("Access-Control-Allow-Headers")).contains(WriteKeys.HEADER);
    }

    @Test
    @DisplayName("Without read keys or token secrets the /v1/users proxy reads nothing: 401")
    void proxyWithoutAccessRefuses() {
        Http.Answer answer = Http.get(open.port(), "/v1/users/u1/recommendations");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private static String firstError(JsonNode result) {
        JsonNode error = result.get("errors").get(0);
        return error.get("field").asText() + ": " + error.get("reason").asText();
    }
}
