package dev.perch.streamjobs.itemstats;

import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * A key's next publication, at most once per interval of processing time: the first record after a
 * publication schedules the next one an interval later, and the records until then only wait for
 * it. Kept in keyed state ({@code publish-at}), so a pending publication survives a restore. The
 * throttle of {@link TopPopular} (the all-time list; {@link UpdateNeighbors} throttles on its own,
 * one timer per subtask for its buffer).
 */
final class PublishTimer {
    private final ValueState<Long> at;
    private final long intervalMillis;

    private PublishTimer(ValueState<Long> at, long intervalMillis) {
        this.at = at;
        this.intervalMillis = intervalMillis;
    }

    /**
     * The timer of the function whose runtime context is {@code context}, its state expiring with
     * {@code ttl} (null: never).
     */
    static PublishTimer open(RuntimeContext context, Duration interval, StateTtlConfig ttl) {
        ValueStateDescriptor<Long> descriptor =
                new ValueStateDescriptor<>("publish-at", Types.LONG);
        if (ttl != null) {
            descriptor.enableTimeToLive(ttl);
        }
        return new PublishTimer(context.getState(descriptor), interval.toMillis());
    }

    /** Schedules the current key's next publication unless one is already pending. */
    void schedule(TimerService timers) throws IOException {
        if (at.value() == null) {
            long next = timers.currentProcessingTime() + intervalMillis;
            at.update(next);
            timers.registerProcessingTimeTimer(next);
        }
    }

    /** Marks the current key's pending publication as done (call when its timer fires). */
    void fired() {
        at.clear();
    }
}
