package dev.perch.events.files;

import dev.perch.events.ClickEvent;
import java.util.Objects;

/**
 * What a {@link LineParser} made of one line of a click-stream file: an event, a rejection with a
 * reason code, or a line that carries no event (a header, a blank line).
 */
public sealed interface LineResult {

    /** The line held this event (not yet checked against {@code ClickEventRules}). */
    record Accepted(ClickEvent event) implements LineResult {
        public Accepted {
            Objects.requireNonNull(event, "event");
        }
    }

    /** The line is malformed; {@code detail} says what is wrong, for people. */
    record Rejected(RejectReason reason, String detail) implements LineResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The line is not an event and not an error: a header or a blank line. */
    record Skipped(String why) implements LineResult {}

    /** A rejection. */
    static LineResult rejected(RejectReason reason, String detail) {
        return new Rejected(reason, detail);
    }
}
