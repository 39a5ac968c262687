package dev.perch.events.files;

import java.util.Objects;

/**
 * A line that was not replayed: where it was, why, and its bytes exactly as in the file (for the
 * dead letter).
 */
public record RejectedLine(long lineNumber, RejectReason reason, String detail, byte[] raw) {
    public RejectedLine {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(raw, "raw");
    }
}
