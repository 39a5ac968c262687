package dev.perch.events.files;

import static dev.perch.events.files.Lines.accepted;
import static dev.perch.events.files.Lines.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MovieLensFormatTest {
    private final LineParser parser = new MovieLensFormat().newParser();

    @Test
    @DisplayName("a rating becomes a RATE of the movie with the rating as value, time in seconds")
    void rating() {
        ClickEvent e = accepted(parser.parse(1, "1::1193::5::978300760"));

        assertThat(e.getUserId()).isEqualTo("1");
        assertThat(e.getItemId()).isEqualTo("1193");
        assertThat(e.getType()).isEqualTo(EventType.RATE);
        assertThat(e.getValue()).isEqualTo(5.0);
        assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochSecond(978300760));
    }

    @Test
    @DisplayName("half-star ratings of newer MovieLens files are kept")
    void halfStars() {
        assertThat(accepted(parser.parse(1, "7::42::3.5::1112486027")).getValue()).isEqualTo(3.5);
    }

    @Test
    @DisplayName("wrong column counts, types and empty columns are rejected with their reason")
    void malformed() {
        rejected(parser.parse(1, "1::1193::5"), RejectReason.WRONG_FIELD_COUNT);
        rejected(parser.parse(1, "1,1193,5,978300760"), RejectReason.WRONG_FIELD_COUNT);
        rejected(parser.parse(1, "1::1193::five::978300760"), RejectReason.BAD_NUMBER);
        rejected(parser.parse(1, "1::1193::NaN::978300760"), RejectReason.BAD_NUMBER);
        rejected(parser.parse(1, "1::1193::5::soon"), RejectReason.BAD_TIMESTAMP);
        rejected(parser.parse(1, "1::1193::5::99999999999999999"), RejectReason.BAD_TIMESTAMP);
        rejected(parser.parse(1, "::1193::5::978300760"), RejectReason.MISSING_FIELD);
    }
}
