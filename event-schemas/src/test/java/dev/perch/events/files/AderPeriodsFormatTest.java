package dev.perch.events.files;

import static dev.perch.events.files.Lines.accepted;
import static dev.perch.events.files.Lines.rejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AderPeriodsFormatTest {
    private static final Instant START = Instant.parse("2015-01-01T00:00:00Z");

    private final LineParser parser =
            new AderPeriodsFormat(START, Duration.ofMillis(250)).newParser();

    @Test
    @DisplayName("line n happens at start + (n - 1) * interval, so file order is event-time order")
    void synthesizedTimes() {
        ClickEvent first = accepted(parser.parse(1, "262692 10"));
        ClickEvent fifth = accepted(parser.parse(5, "296250 80"));

        assertThat(first.getEventTime()).isEqualTo(START);
        assertThat(fifth.getEventTime()).isEqualTo(START.plusMillis(1000));
        assertThat(first.getUserId()).isEqualTo("262692");
        assertThat(first.getSessionId()).isEqualTo("262692");
        assertThat(first.getItemId()).isEqualTo("10");
        assertThat(first.getType()).isEqualTo(EventType.CLICK);
    }

    @Test
    @DisplayName("two equal lines are two events with different ids")
    void repeatedClicks() {
        assertThat(accepted(parser.parse(1, "7 8")).getEventId())
                .isNotEqualTo(accepted(parser.parse(2, "7 8")).getEventId());
    }

    @Test
    @DisplayName("malformed lines are rejected, a header on line 1 is skipped")
    void malformed() {
        assertThat(parser.parse(1, "session_id item_id")).isInstanceOf(LineResult.Skipped.class);
        rejected(parser.parse(2, "262692"), RejectReason.WRONG_FIELD_COUNT);
        rejected(parser.parse(3, "262692 10 11"), RejectReason.WRONG_FIELD_COUNT);
        rejected(parser.parse(4, "262692\t10"), RejectReason.WRONG_FIELD_COUNT);
    }

    @Test
    @DisplayName("an interval under a millisecond is refused, it would not keep the order")
    void interval() {
        assertThatThrownBy(() -> new AderPeriodsFormat(START, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
