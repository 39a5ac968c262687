package dev.perch.core;

import java.time.Instant;

/**
 * The version of a user's state, ordered across state loss. A per-user counter starts again at 1
 * when the state expires (TTL), when the job is redeployed without a savepoint or restored from an
 * older one, and every consumer that holds a higher version would then drop the user's new states.
 * The version is therefore derived from event time, which does not vanish with the state:
 *
 * <pre>version = max(previous + 1, eventTimeMillis * 2^20)</pre>
 *
 * <p>Within one living state the version goes up by at least one per accepted event, so it is
 * strictly monotonic whatever the event order. A state rebuilt from nothing starts at its first
 * event's time shifted left by 20 bits, which is above every version the lost state reached as long
 * as that state saw fewer than 2^20 (about a million) events per millisecond of event time it
 * spanned before the new event: far beyond the per-user rate limit. The same events in the same
 * order give the same versions (a replay after a restore repeats versions with equal content).
 * Event times up to the year 2248 fit in a long (43 bits of milliseconds).
 */
public final class StateVersions {
    /** The bits below the event time: room for that many events per millisecond. */
    public static final int SEQUENCE_BITS = 20;

    private StateVersions() {}

    /**
     * The version of the state after an event at {@code eventTime}.
     *
     * @param previous the version before, 0 for a new (or lost) state
     */
    public static long next(long previous, Instant eventTime) {
        long floor = Math.max(0L, eventTime.toEpochMilli()) << SEQUENCE_BITS;
        return Math.max(previous + 1, floor);
    }

    /** The event time a version was floored at (its upper bits), for logs and tests. */
    public static Instant eventTimeOf(long version) {
        return Instant.ofEpochMilli(version >>> SEQUENCE_BITS);
    }
}
