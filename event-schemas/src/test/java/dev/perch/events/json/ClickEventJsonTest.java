package dev.perch.events.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.ClickEventRules.FieldError;
import dev.perch.events.EventType;
import dev.perch.events.TestRecords;
import dev.perch.events.json.ClickEventJson.ParsedEvent;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("ClickEventJson: the JSON form trackers send")
class ClickEventJsonTest {

    private static final String VIEW =
            """
            {"eventId": "5f0c7a2e-8a3b-4c1d-9e2f-0123456789ab", "userId": "u-42",
             "type": "view", "itemId": "sku-1", "eventTime": "2025-03-01T12:00:00Z",
             "context": {"page": "/p/sku-1", "device": "mobile"}}
            """;

    @Test
    void givenValidView_thenEvent() {
        ParsedEvent parsed = ClickEventJson.parse(VIEW);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.isValid()).isTrue();
        ClickEvent e = parsed.event();
        assertThat(e.getType()).isEqualTo(EventType.VIEW);
        assertThat(e.getEventTime()).isEqualTo(TestRecords.T0);
        assertThat(e.getContext().getPage()).isEqualTo("/p/sku-1");
        assertThat(e.getContext().getLocale()).isNull();
        assertThat(e.getSessionId()).isNull();
    }

    @Test
    void givenEpochMillis_thenSameInstantAsIsoString() {
        String millis = VIEW.replace("\"2025-03-01T12:00:00Z\"", "1740830400000");

        assertThat(ClickEventJson.parse(millis).event().getEventTime()).isEqualTo(TestRecords.T0);
    }

    @Test
    void givenIsoWithOffset_thenSameInstant_butLocalTimeRejected() {
        String offset = VIEW.replace("2025-03-01T12:00:00Z", "2025-03-01T13:00:00+01:00");
        String local = VIEW.replace("2025-03-01T12:00:00Z", "2025-03-01T12:00:00");

        assertThat(ClickEventJson.parse(offset).event().getEventTime()).isEqualTo(TestRecords.T0);
        assertThat(ClickEventJson.parse(local).errors())
                .extracting(FieldError::field)
                .containsExactly("eventTime");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    @DisplayName("every event type round-trips through toJson and parse")
    void roundTrips(EventType type) {
        ClickEvent e = type == EventType.SEARCH ? TestRecords.search() : TestRecords.click();
        e.setType(type);

        String json = ClickEventJson.toJson(e);

        assertThat(json).contains("\"type\":\"" + type.name().toLowerCase() + "\"");
        assertThat(ClickEventJson.parse(json).event()).isEqualTo(e);
    }

    @Test
    void givenMalformedJson_thenErrorOnRoot() {
        assertThat(ClickEventJson.parse("{\"userId\": ").errors())
                .singleElement()
                .satisfies(err -> assertThat(err.field()).isEqualTo("$"));
        assertThat(ClickEventJson.parse("[1,2]").errors())
                .containsExactly(new FieldError("$", "must be a JSON object"));
        assertThat(ClickEventJson.parse("").errors())
                .extracting(FieldError::field)
                .containsExactly("$");
        assertThat(ClickEventJson.parse(null).errors())
                .extracting(FieldError::field)
                .containsExactly("$");
        assertThat(ClickEventJson.parse(VIEW + " {}").errors())
                .extracting(FieldError::field)
                .containsExactly("$");
    }

    @Test
    void givenDuplicateField_thenRejected() {
        String json =
                VIEW.replace("\"userId\": \"u-42\"", "\"userId\": \"u-42\", \"userId\": \"u-43\"");

        assertThat(ClickEventJson.parse(json).errors())
                .extracting(FieldError::field)
                .containsExactly("$");
    }

    @Test
    void givenTooLongDocument_thenRejected() {
        String json = VIEW.replace("/p/sku-1", "x".repeat(ClickEventJson.MAX_JSON_LENGTH));

        assertThat(ClickEventJson.parse(json).errors())
                .extracting(FieldError::field)
                .containsExactly("$");
    }

    @Test
    void givenUnknownFields_thenEachRejected() {
        String json =
                VIEW.replace("\"userId\"", "\"price\": 3, \"userId\"")
                        .replace("\"device\"", "\"os\": \"x\", \"device\"");

        ParsedEvent parsed = ClickEventJson.parse(json);

        assertThat(parsed.event()).isNull();
        assertThat(parsed.errors())
                .containsExactlyInAnyOrder(
                        new FieldError("price", "is not a known field"),
                        new FieldError("context.os", "is not a known field"));
    }

    @Test
    void givenWrongTypes_thenEveryProblemReportedOnce() {
        String json =
                """
                {"eventId": "not-a-uuid", "userId": 42, "type": "VIEW", "itemId": "sku-1",
                 "value": "two", "eventTime": 1.5, "context": "home"}
                """;

        ParsedEvent parsed = ClickEventJson.parse(json);

        assertThat(parsed.event()).isNull();
        assertThat(parsed.errors())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "eventId", "userId", "type", "value", "eventTime", "context");
        assertThat(parsed.errors())
                .filteredOn(err -> err.field().equals("type"))
                .singleElement()
                .satisfies(err -> assertThat(err.reason()).contains("add_to_cart"));
    }

    @Test
    void givenRuleViolations_thenRulesApplied() {
        String json =
                """
                {"eventId": "5f0c7a2e-8a3b-4c1d-9e2f-0123456789ab", "userId": " ",
                 "type": "search", "eventTime": 1740830400000}
                """;

        assertThat(ClickEventJson.parse(json).errors())
                .extracting(FieldError::field)
                .containsExactly("userId", "query");
    }

    @Test
    void givenInstantBeyondEpochMillis_thenRejected() {
        String json = VIEW.replace("2025-03-01T12:00:00Z", "+1000000000-01-01T00:00:00Z");

        assertThat(ClickEventJson.parse(json).errors())
                .extracting(FieldError::field)
                .containsExactly("eventTime");
    }

    @Test
    void givenHugeValue_thenNotFinite() {
        String json = VIEW.replace("\"itemId\"", "\"value\": 1e400, \"itemId\"");

        assertThat(ClickEventJson.parse(json).errors())
                .containsExactly(new FieldError("value", "must be a finite number"));
    }

    @Test
    void givenExplicitNulls_thenOptionalFieldsAbsent() {
        String json =
                VIEW.replace(
                        "\"itemId\"", "\"sessionId\": null, \"receivedTime\": null, \"itemId\"");

        ParsedEvent parsed = ClickEventJson.parse(json);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.event().getReceivedTime()).isNull();
    }

    @Test
    void toJsonWritesEpochMillisAndLeavesNullsOut() {
        String json = ClickEventJson.toJson(TestRecords.search());

        assertThat(json)
                .contains("\"eventTime\":" + Instant.parse("2025-03-01T12:00:00Z").toEpochMilli());
        assertThat(json).doesNotContain("null").doesNotContain("itemId");
    }
}
