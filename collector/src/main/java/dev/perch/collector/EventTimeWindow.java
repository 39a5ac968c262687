package dev.perch.collector;

import dev.perch.events.ClickEventRules.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The collector's own rule on top of {@code ClickEventRules}: an eventTime must lie between {@code
 * maxAge} ago and {@code maxSkew} ahead of the collector's clock, so broken client clocks and
 * replays of stale buffers do not reach the stream jobs' event-time windows.
 */
public record EventTimeWindow(Duration maxAge, Duration maxSkew) {

    /** The problem with {@code eventTime} seen at {@code now}, or empty when it is in range. */
    public Optional<FieldError> check(Instant eventTime, Instant now) {
        if (eventTime.isAfter(now.plus(maxSkew))) {
            return Optional.of(
                    new FieldError(
                            "eventTime",
                            "must not be more than "
                                    + maxSkew
                                    + " ahead of the collector's clock"));
        }
        if (eventTime.isBefore(now.minus(maxAge))) {
            return Optional.of(new FieldError("eventTime", "must not be older than " + maxAge));
        }
        return Optional.empty();
    }
}
