package dev.perch.events.files;

/**
 * Why a line of a click-stream file was not replayed; the name is the {@code reason} code of the
 * dead letter it becomes.
 */
public enum RejectReason {
    /** The line has more or fewer columns than the format has. */
    WRONG_FIELD_COUNT,
    /** A required column is empty. */
    MISSING_FIELD,
    /** A column that must be a number is not one. */
    BAD_NUMBER,
    /** The time column is not a number, not finite, or out of range. */
    BAD_TIMESTAMP,
    /** The event-type column names no type the format knows. */
    UNKNOWN_EVENT_TYPE,
    /** A header line in the wrong place or with unexpected columns. */
    BAD_HEADER,
    /** The bytes are not UTF-8 or the JSON cannot be read at all. */
    UNDECODABLE,
    /** The event was read but breaks {@code ClickEventRules} (blank id, too long, ...). */
    INVALID_EVENT
}
