package dev.perch.events.files;

/**
 * Thrown inside a parser when a column is unusable, and turned into a {@link LineResult.Rejected}
 * at the parser's edge. It carries no stack trace: it is a value, not a bug.
 */
final class LineRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    LineRejectedException(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    LineResult.Rejected toResult() {
        return new LineResult.Rejected(reason, getMessage());
    }
}
