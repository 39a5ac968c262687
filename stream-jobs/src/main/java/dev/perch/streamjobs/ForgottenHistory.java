package dev.perch.streamjobs;

import dev.perch.events.ClickEvent;
import dev.perch.streamjobs.itemstats.PairSignals;
import dev.perch.streamjobs.userstate.UpdateUserState;
import java.time.Duration;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;

/**
 * When a user asked to be forgotten, kept in the keyed state of every operator that holds per-user
 * data ({@link UpdateUserState}, {@link PairSignals}). A forget request reaches those operators by
 * another channel than the events, so either can come first: an event that reached Perch before the
 * request belongs to the forgotten history and is dropped whenever it comes ({@link
 * ForgetRequests#arrivalOf}). Only the request time is kept, until the inactive-user TTL.
 */
public final class ForgottenHistory {
    private final ValueState<Long> forgottenAt;
    private final Counter forgotten;
    private final Counter dropped;

    private ForgottenHistory(ValueState<Long> forgottenAt, Counter forgotten, Counter dropped) {
        this.forgottenAt = forgottenAt;
        this.forgotten = forgotten;
        this.dropped = dropped;
    }

    /**
     * Declares the state ("forgotten-at", expiring after {@code inactiveUserTtl}) and the metrics
     * {@code usersForgotten} and {@code eventsOfForgottenHistory}; call from {@code open}.
     */
    public static ForgottenHistory open(RuntimeContext context, Duration inactiveUserTtl) {
        ValueStateDescriptor<Long> descriptor =
                new ValueStateDescriptor<>("forgotten-at", Types.LONG);
        descriptor.enableTimeToLive(IdleStateTtl.of(inactiveUserTtl));
        var metrics = JobMetrics.group(context);
        return new ForgottenHistory(
                context.getState(descriptor),
                metrics.counter("usersForgotten"),
                metrics.counter("eventsOfForgottenHistory"));
    }

    /** Records a forget request of the current key's user, asked at {@code requestTime}. */
    public void forget(long requestTime) throws Exception {
        Long previous = forgottenAt.value();
        forgottenAt.update(previous == null ? requestTime : Math.max(previous, requestTime));
        forgotten.inc();
    }

    /**
     * Whether {@code event} of the current key's user reached Perch before the user's latest forget
     * request; counted when it did (the caller drops it: neither kept nor dead-lettered).
     */
    public boolean isForgotten(ClickEvent event) throws Exception {
        Long since = forgottenAt.value();
        if (since != null && ForgetRequests.arrivalOf(event) <= since) {
            dropped.inc();
            return true;
        }
        return false;
    }
}
