package dev.perch.events.files;

import static dev.perch.events.files.Lines.accepted;
import static dev.perch.events.files.Lines.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.ClickEventRules;
import dev.perch.events.EventType;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetailRocketFormatTest {
    private final LineParser parser = new RetailRocketFormat().newParser();

    @Test
    @DisplayName("a view line becomes a VIEW of the visitor, at the millisecond timestamp")
    void viewLine() {
        ClickEvent e = accepted(parser.parse(2, "1433221332117,257597,view,355908,"));

        assertThat(e.getUserId()).isEqualTo("257597");
        assertThat(e.getItemId()).isEqualTo("355908");
        assertThat(e.getType()).isEqualTo(EventType.VIEW);
        assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochMilli(1433221332117L));
        assertThat(e.getSessionId()).isNull();
        assertThat(e.getValue()).isNull();
        assertThat(ClickEventRules.validate(e)).isEmpty();
    }

    @Test
    @DisplayName("addtocart and transaction become ADD_TO_CART and PURCHASE")
    void cartAndTransaction() {
        assertThat(accepted(parser.parse(2, "1433224214164,992329,addtocart,248676,")).getType())
                .isEqualTo(EventType.ADD_TO_CART);
        assertThat(
                        accepted(parser.parse(3, "1433193500981,599528,transaction,356475,4000"))
                                .getType())
                .isEqualTo(EventType.PURCHASE);
    }

    @Test
    @DisplayName("the header on line 1 is skipped, a header further down is rejected")
    void header() {
        assertThat(parser.parse(1, RetailRocketFormat.HEADER))
                .isInstanceOf(LineResult.Skipped.class);
        rejected(parser.parse(50, RetailRocketFormat.HEADER), RejectReason.BAD_HEADER);
    }

    @Test
    @DisplayName("a file without a header is read from line 1")
    void noHeader() {
        assertThat(accepted(parser.parse(1, "1433221332117,257597,view,355908,")).getUserId())
                .isEqualTo("257597");
    }

    @Test
    @DisplayName("blank lines are skipped, not rejected")
    void blank() {
        assertThat(parser.parse(7, "  ")).isInstanceOf(LineResult.Skipped.class);
    }

    @Test
    @DisplayName("too few or too many columns are rejected with WRONG_FIELD_COUNT")
    void fieldCount() {
        var r =
                rejected(
                        parser.parse(3, "1433221332117,257597,view"),
                        RejectReason.WRONG_FIELD_COUNT);
        assertThat(r.detail()).contains("expected 5 columns").contains("got 3");
        rejected(parser.parse(4, "1,2,view,4,5,6"), RejectReason.WRONG_FIELD_COUNT);
    }

    @Test
    @DisplayName("a timestamp that is not whole milliseconds is rejected with BAD_TIMESTAMP")
    void badTimestamp() {
        rejected(parser.parse(2, "yesterday,257597,view,355908,"), RejectReason.BAD_TIMESTAMP);
        rejected(parser.parse(2, "1433221332.5,257597,view,355908,"), RejectReason.BAD_TIMESTAMP);
        rejected(parser.parse(2, "-5,257597,view,355908,"), RejectReason.BAD_TIMESTAMP);
    }

    @Test
    @DisplayName("an empty visitor or item is rejected with MISSING_FIELD")
    void missing() {
        var r =
                rejected(
                        parser.parse(2, "1433221332117,,view,355908,"), RejectReason.MISSING_FIELD);
        assertThat(r.detail()).contains("visitorid");
        rejected(parser.parse(2, "1433221332117,257597,view,,"), RejectReason.MISSING_FIELD);
        rejected(parser.parse(2, ",257597,view,1,"), RejectReason.MISSING_FIELD);
    }

    @Test
    @DisplayName("an unknown event name is rejected with UNKNOWN_EVENT_TYPE")
    void unknownType() {
        var r =
                rejected(
                        parser.parse(2, "1433221332117,257597,click,355908,"),
                        RejectReason.UNKNOWN_EVENT_TYPE);
        assertThat(r.detail()).contains("click");
    }

    @Test
    @DisplayName("the event id is the same for the same line and differs between lines")
    void deterministicIds() {
        String line = "1433221332117,257597,view,355908,";
        String first = accepted(parser.parse(2, line)).getEventId();
        String again = accepted(new RetailRocketFormat().newParser().parse(2, line)).getEventId();
        String sameTextElsewhere = accepted(parser.parse(3, line)).getEventId();

        assertThat(again).isEqualTo(first);
        assertThat(sameTextElsewhere).isNotEqualTo(first);
        assertThat(first).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
