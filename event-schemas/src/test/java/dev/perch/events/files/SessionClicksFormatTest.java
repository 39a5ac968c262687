package dev.perch.events.files;

import static dev.perch.events.files.Lines.accepted;
import static dev.perch.events.files.Lines.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionClicksFormatTest {
    private final LineParser parser = new SessionClicksFormat().newParser();

    @Test
    @DisplayName("a click of a session is a CLICK of the session as user, with millisecond time")
    void click() {
        assertThat(parser.parse(1, "SessionId\tItemId\tTime"))
                .isInstanceOf(LineResult.Skipped.class);

        ClickEvent e = accepted(parser.parse(2, "1\t214536502\t1396860669.277"));

        assertThat(e.getUserId()).isEqualTo("1");
        assertThat(e.getSessionId()).isEqualTo("1");
        assertThat(e.getItemId()).isEqualTo("214536502");
        assertThat(e.getType()).isEqualTo(EventType.CLICK);
        assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochMilli(1396860669277L));
    }

    @Test
    @DisplayName("whole seconds are read too, and a file without a header from line 1")
    void wholeSeconds() {
        assertThat(accepted(parser.parse(1, "9\t5\t1396860669")).getEventTime())
                .isEqualTo(Instant.ofEpochSecond(1396860669));
    }

    @Test
    @DisplayName("malformed rows are rejected with their reason")
    void malformed() {
        parser.parse(1, "SessionId\tItemId\tTime");
        rejected(parser.parse(2, "1\t214536502"), RejectReason.WRONG_FIELD_COUNT);
        rejected(parser.parse(3, "1\t214536502\tnoon"), RejectReason.BAD_TIMESTAMP);
        rejected(parser.parse(4, "1\t214536502\tInfinity"), RejectReason.BAD_TIMESTAMP);
        rejected(parser.parse(5, "1\t\t1396860669.277"), RejectReason.MISSING_FIELD);
    }
}
