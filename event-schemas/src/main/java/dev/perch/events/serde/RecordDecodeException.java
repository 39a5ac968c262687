package dev.perch.events.serde;

/**
 * Bytes that could not be turned into a Perch record. {@link #reason()} is a short machine code
 * (for dead letters and metrics); the message says what was wrong for a human.
 */
public final class RecordDecodeException extends RuntimeException {
    /** No bytes at all (an empty array, or null where a record was required). */
    public static final String EMPTY = "EMPTY";

    /** A well-formed header whose schema fingerprint is not a known version of the record. */
    public static final String UNKNOWN_SCHEMA = "UNKNOWN_SCHEMA";

    /** Not Avro single-object encoding, or a body that does not match its schema. */
    public static final String UNDECODABLE = "UNDECODABLE";

    private static final long serialVersionUID = 1L;

    private final String reason;

    public RecordDecodeException(String reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /** The machine code: {@link #EMPTY}, {@link #UNKNOWN_SCHEMA} or {@link #UNDECODABLE}. */
    public String reason() {
        return reason;
    }
}
