package dev.perch.streamjobs.itemstats;

import java.time.Duration;
import org.apache.flink.streaming.api.TimerService;

/**
 * A key's next publication, at most once per interval of processing time: each key publishes on its
 * own grid of times one interval apart (shifted by the key's hash, so the keys' publications spread
 * over the interval instead of coming in one burst), at the first grid time after a record arrived.
 * A record registers that time with Flink's timer service, which keeps one timer per key and time,
 * so the records until it fires add nothing, and it survives a restore with the timers. No keyed
 * state is read: the state this class kept before ({@code publish-at}, read on every record) was a
 * RocksDB get for each of the fifteen or so signals of a visit. The throttle of {@link
 * UpdateNeighbors} (per item) and {@link TopPopular} (the all-time list).
 */
final class PublishTimer {
    private final long intervalMillis;

    PublishTimer(Duration interval) {
        this.intervalMillis = interval.toMillis();
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException(
                    "the publish interval must be positive: " + interval);
        }
    }

    /** Schedules the publication of {@code key} at its next grid time (strictly after now). */
    void schedule(TimerService timers, Object key) {
        timers.registerProcessingTimeTimer(next(key, timers.currentProcessingTime()));
    }

    /** The first time after {@code now} on the grid of {@code key}. */
    long next(Object key, long now) {
        long offset = Math.floorMod(key.hashCode(), intervalMillis);
        return Math.floorDiv(now - offset, intervalMillis) * intervalMillis
                + offset
                + intervalMillis;
    }
}
