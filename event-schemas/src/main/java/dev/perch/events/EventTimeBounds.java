package dev.perch.events;

import dev.perch.events.ClickEventRules.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How far an event's time may lie ahead of and behind the clock, defined once for the collector and
 * the stream jobs, so that an event the collector answers "accepted" is never dropped later by the
 * jobs as in the future or too old (issue 14).
 *
 * <p>The collector checks {@link #check} when the event arrives. The jobs check later, against
 * {@link #jobsFutureSkew()} (the same skew plus {@link #HOST_CLOCK_TOLERANCE} for a job host whose
 * clock is a little behind the collector's) and against {@link #jobsLateness()} behind the user's
 * latest event (the collector's maximum age plus the skew: the latest event may itself be ahead).
 *
 * @param maxFutureSkew how far ahead of the clock an eventTime may be (clients' clocks drift)
 * @param maxAge how far behind the clock an eventTime may be (offline buffers, retries)
 */
public record EventTimeBounds(Duration maxFutureSkew, Duration maxAge) {

    /** Tolerance for clock differences between the collector's host and the jobs' hosts. */
    public static final Duration HOST_CLOCK_TOLERANCE = Duration.ofSeconds(30);

    /** Five minutes ahead, one day behind. */
    public static final EventTimeBounds DEFAULT =
            new EventTimeBounds(Duration.ofMinutes(5), Duration.ofDays(1));

    public EventTimeBounds {
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must be >= 0");
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be > 0");
        }
    }

    /** The problem with {@code eventTime} seen at {@code now}, or empty when it is in range. */
    public Optional<FieldError> check(Instant eventTime, Instant now) {
        if (eventTime.isAfter(now.plus(maxFutureSkew))) {
            return Optional.of(
                    new FieldError(
                            "eventTime",
                            "must not be more than "
                                    + maxFutureSkew
                                    + " ahead of the collector's clock"));
        }
        if (eventTime.isBefore(now.minus(maxAge))) {
            return Optional.of(new FieldError("eventTime", "must not be older than " + maxAge));
        }
        return Optional.empty();
    }

    /** The jobs' EVENT_IN_FUTURE bound: never tighter than what the collector accepted. */
    public Duration jobsFutureSkew() {
        return maxFutureSkew.plus(HOST_CLOCK_TOLERANCE);
    }

    /** The jobs' EVENT_TOO_OLD bound behind the user's latest event. */
    public Duration jobsLateness() {
        return maxAge.plus(maxFutureSkew).plus(HOST_CLOCK_TOLERANCE);
    }
}
