package dev.perch.streamjobs;

/**
 * Why the user-state job rejected a record; the name is the {@code reason} of its dead letter and
 * the {@code reason} label of the {@code deadLetters} metric.
 */
public enum RejectReason {
    /** No value bytes at all. */
    EMPTY,
    /** Not Avro single-object encoding, or a body that does not match the schema. */
    UNDECODABLE,
    /** A schema fingerprint that is no released version of the record. */
    UNKNOWN_SCHEMA,
    /** The event has no (or a blank) user id. */
    MISSING_USER_ID,
    /** Any other broken field rule of {@code ClickEventRules}. */
    INVALID,
    /** Event time further ahead of the wall clock than the allowed skew. */
    EVENT_IN_FUTURE,
    /** Event time further behind the user's latest event than the allowed lateness. */
    EVENT_TOO_OLD,
    /** An event id already seen for this user within the de-duplication window. */
    DUPLICATE,
    /** More events for one user in one minute of event time than allowed. */
    RATE_LIMITED,
    /** The item is not in the catalog (only with the DEAD_LETTER unknown-item policy). */
    UNKNOWN_ITEM;

    /** The reason for a decoder's failure code; a code this job does not know is UNDECODABLE. */
    public static RejectReason ofDecodeFailure(String code) {
        for (RejectReason reason : values()) {
            if (reason.name().equals(code)) {
                return reason;
            }
        }
        return UNDECODABLE;
    }
}
