package dev.perch.cli.bench;

/**
 * When each event of a fixed-rate phase is meant to be sent: event k at {@code k / rate} seconds
 * after the start. Latency is measured from this intended time, not from the moment the producer
 * got round to it, so a stalled producer (or a machine too busy to run it) shows up as latency
 * instead of silently thinning the load (no coordinated omission).
 */
public final class SendSchedule {
    private final double nanosPerEvent;
    private final long total;

    /**
     * @param eventsPerSecond the fixed rate, above 0
     * @param total how many events the phase sends
     */
    public SendSchedule(double eventsPerSecond, long total) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond) || total < 0) {
            throw new IllegalArgumentException(
                    "rate must be finite and > 0, total >= 0: " + eventsPerSecond + ", " + total);
        }
        this.nanosPerEvent = 1e9 / eventsPerSecond;
        this.total = total;
    }

    /** Events in the phase. */
    public long total() {
        return total;
    }

    /** The intended send time of event {@code k}, in nanoseconds after the start. */
    public long intendedNanos(long k) {
        return (long) (k * nanosPerEvent);
    }

    /**
     * How many events are due (intended at or before) {@code elapsedNanos} after the start: the
     * producer sends everything up to this count each time it wakes, so it wakes about once a
     * millisecond at any rate instead of once per event.
     */
    public long dueBy(long elapsedNanos) {
        if (elapsedNanos < 0) {
            return 0;
        }
        long due = (long) Math.floor(elapsedNanos / nanosPerEvent) + 1;
        // floating-point rounding must never make an event due before its intended time
        while (due > 0 && intendedNanos(due - 1) > elapsedNanos) {
            due--;
        }
        return Math.min(due, total);
    }

    /** Nanoseconds after the start at which event {@code k} is due; for the producer's sleep. */
    public long nanosUntil(long k, long elapsedNanos) {
        return Math.max(0, intendedNanos(k) - elapsedNanos);
    }
}
