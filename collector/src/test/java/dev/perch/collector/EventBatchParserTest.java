package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.collector.EventBatchParser.Batch;
import dev.perch.collector.EventBatchParser.IncomingEvent;
import dev.perch.collector.EventBatchParser.Malformed;
import dev.perch.collector.EventBatchParser.ParsedBatch;
import dev.perch.events.ClickEventRules.FieldError;
import dev.perch.events.EventTimeBounds;
import dev.perch.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EventBatchParser")
class EventBatchParserTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String ID = "6f1c2a3b-1234-4abc-9def-0123456789ab";
    private final EventBatchParser parser =
            new EventBatchParser(3, new EventTimeBounds(Duration.ofMinutes(5), Duration.ofDays(1)));

    private ParsedBatch parse(String body) {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private static String event(String eventTime) {
        return "{\"eventId\":\""
                + ID
                + "\",\"userId\":\"u1\",\"type\":\"add_to_cart\",\"itemId\":\"i1\",\"value\":2,"
                + "\"eventTime\":"
                + eventTime
                + "}";
    }

    @Test
    @DisplayName("One object is a batch of one, with receivedTime set to the arrival time")
    void singleObject() {
        ParsedBatch parsed = parse(event("\"2026-03-01T11:59:00Z\""));

        assertThat(parsed).isInstanceOf(Batch.class);
        IncomingEvent only = ((Batch) parsed).events().get(0);
        assertThat(only.isValid()).isTrue();
        assertThat(only.eventId()).isEqualTo(ID);
        assertThat(only.event().getType()).isEqualTo(EventType.ADD_TO_CART);
        assertThat(only.event().getValue()).isEqualTo(2.0);
        assertThat(only.event().getReceivedTime()).isEqualTo(NOW);
    }

    @Test
    @DisplayName("An array gives one verdict per element, in order")
    void arrayInOrder() {
        ParsedBatch parsed =
                parse("[" + event(Long.toString(NOW.toEpochMilli())) + ", {\"userId\": 5}, []]");

        assertThat(((Batch) parsed).events())
                .extracting(IncomingEvent::index, IncomingEvent::isValid)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, true),
                        org.assertj.core.groups.Tuple.tuple(1, false),
                        org.assertj.core.groups.Tuple.tuple(2, false));
        IncomingEvent bad = ((Batch) parsed).events().get(1);
        assertThat(bad.eventId()).isNull();
        assertThat(bad.errors())
                .contains(
                        new FieldError("userId", "must be a string"),
                        new FieldError("eventId", "is required"));
    }

    @Test
    @DisplayName("Empty, non-JSON, scalar, empty-array and too-long bodies are malformed")
    void malformed() {
        assertThat(parse("")).isInstanceOf(Malformed.class);
        assertThat(parse("   ")).isInstanceOf(Malformed.class);
        assertThat(parse("{\"a\":")).isInstanceOf(Malformed.class);
        assertThat(parse("\"text\"")).isInstanceOf(Malformed.class);
        assertThat(parse("[]")).isInstanceOf(Malformed.class);
        assertThat(parse("{\"a\":1,\"a\":2}")).isInstanceOf(Malformed.class);
        assertThat(parse("[{},{},{},{}]"))
                .isEqualTo(new Malformed("a request holds at most 3 events, not 4"));
    }

    @Test
    @DisplayName("An eventTime too far ahead or too old is rejected on the eventTime field")
    void eventTimeWindow() {
        IncomingEvent ahead = ((Batch) parse(event("\"2026-03-01T12:06:00Z\""))).events().get(0);
        IncomingEvent old = ((Batch) parse(event("\"2026-02-27T12:00:00Z\""))).events().get(0);
        IncomingEvent skewOk = ((Batch) parse(event("\"2026-03-01T12:04:59Z\""))).events().get(0);

        assertThat(ahead.errors())
                .containsExactly(
                        new FieldError(
                                "eventTime",
                                "must not be more than PT5M ahead of the collector's clock"));
        assertThat(old.errors())
                .containsExactly(new FieldError("eventTime", "must not be older than PT24H"));
        assertThat(skewOk.isValid()).isTrue();
    }
}
