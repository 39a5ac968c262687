package dev.perch.events.files;

import static dev.perch.events.files.Lines.accepted;
import static dev.perch.events.files.Lines.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JsonLinesFormatTest {
    private static final String ID = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

    private final LineParser parser = new JsonLinesFormat().newParser();

    @Test
    @DisplayName("a Perch JSON event keeps its own id and fields")
    void event() {
        ClickEvent e =
                accepted(
                        parser.parse(
                                1,
                                "{\"eventId\":\""
                                        + ID
                                        + "\",\"userId\":\"u1\",\"type\":\"add_to_cart\","
                                        + "\"itemId\":\"i9\",\"value\":2,"
                                        + "\"eventTime\":\"2025-03-01T12:00:00Z\"}"));

        assertThat(e.getEventId()).isEqualTo(ID);
        assertThat(e.getUserId()).isEqualTo("u1");
        assertThat(e.getType()).isEqualTo(EventType.ADD_TO_CART);
        assertThat(e.getValue()).isEqualTo(2.0);
        assertThat(e.getEventTime()).isEqualTo(Instant.parse("2025-03-01T12:00:00Z"));
    }

    @Test
    @DisplayName("text that is not JSON is UNDECODABLE")
    void notJson() {
        rejected(parser.parse(1, "{\"eventId\": "), RejectReason.UNDECODABLE);
        rejected(parser.parse(1, "[1,2]"), RejectReason.UNDECODABLE);
    }

    @Test
    @DisplayName("JSON breaking the event rules is INVALID_EVENT, naming the fields")
    void invalid() {
        var r =
                rejected(
                        parser.parse(
                                1,
                                "{\"eventId\":\""
                                        + ID
                                        + "\",\"type\":\"view\",\"itemId\":\"i9\","
                                        + "\"eventTime\":\"noon\"}"),
                        RejectReason.INVALID_EVENT);
        assertThat(r.detail()).contains("userId").contains("eventTime");
    }

    @Test
    @DisplayName("blank lines are skipped")
    void blank() {
        assertThat(parser.parse(3, "")).isInstanceOf(LineResult.Skipped.class);
    }
}
