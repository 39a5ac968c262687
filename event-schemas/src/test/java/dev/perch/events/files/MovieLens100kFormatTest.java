package dev.perch.events.files;

import static dev.perch.events.files.Lines.accepted;
import static dev.perch.events.files.Lines.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MovieLens100kFormatTest {
    private static final String HEADER =
            "user_id:token\titem_id:token\trating:float\ttimestamp:float";

    private final LineParser parser = new MovieLens100kFormat().newParser();

    @Test
    @DisplayName("RecBole's typed header is skipped and its columns are read as RATE events")
    void typedHeader() {
        assertThat(parser.parse(1, HEADER)).isInstanceOf(LineResult.Skipped.class);

        ClickEvent e = accepted(parser.parse(2, "196\t242\t3\t881250949"));

        assertThat(e.getUserId()).isEqualTo("196");
        assertThat(e.getItemId()).isEqualTo("242");
        assertThat(e.getValue()).isEqualTo(3.0);
        assertThat(e.getType()).isEqualTo(EventType.RATE);
        assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochSecond(881250949));
    }

    @Test
    @DisplayName("the header's column order is followed, and the rating column may be absent")
    void reorderedHeader() {
        assertThat(parser.parse(1, "timestamp:float\titem_id:token\tuser_id:token"))
                .isInstanceOf(LineResult.Skipped.class);

        ClickEvent e = accepted(parser.parse(2, "881250949\t242\t196"));

        assertThat(e.getUserId()).isEqualTo("196");
        assertThat(e.getItemId()).isEqualTo("242");
        assertThat(e.getValue()).isNull();
    }

    @Test
    @DisplayName("without a header the columns are user, item, rating, timestamp")
    void noHeader() {
        assertThat(accepted(parser.parse(1, "196\t242\t3\t881250949")).getUserId())
                .isEqualTo("196");
    }

    @Test
    @DisplayName("a header lacking a required column rejects it and every line after it")
    void badHeader() {
        rejected(parser.parse(1, "user_id:token\trating:float"), RejectReason.BAD_HEADER);
        rejected(parser.parse(2, "196\t3"), RejectReason.BAD_HEADER);
    }

    @Test
    @DisplayName("malformed rows are rejected with their reason")
    void malformed() {
        parser.parse(1, HEADER);
        rejected(parser.parse(2, "196\t242\t3"), RejectReason.WRONG_FIELD_COUNT);
        rejected(parser.parse(3, "196 242 3 881250949"), RejectReason.WRONG_FIELD_COUNT);
        rejected(parser.parse(4, "196\t242\tgood\t881250949"), RejectReason.BAD_NUMBER);
        rejected(parser.parse(5, "196\t242\t3\tlast-week"), RejectReason.BAD_TIMESTAMP);
        rejected(parser.parse(6, "\t242\t3\t881250949"), RejectReason.MISSING_FIELD);
    }
}
