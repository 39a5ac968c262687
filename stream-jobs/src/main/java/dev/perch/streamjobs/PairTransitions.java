package dev.perch.streamjobs;

import dev.perch.core.itemstats.CoVisit;
import dev.perch.core.itemstats.TransitionSettings;
import dev.perch.core.itemstats.TransitionWindow;
import dev.perch.core.itemstats.VisitWeights;
import dev.perch.events.ClickEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user id: runs perch-core's {@link TransitionWindow} over the user's visits and emits the
 * directional transitions each visit closes ("this item followed that one within k steps"). State
 * per user: at most {@code steps} interactions, dropped after {@code inactiveUserTtl} without
 * events or at once by the user's forget request (the second input, {@link ForgetRequests}).
 *
 * <p>Where the live path differs from the evaluator's {@code TransitionIndex}: visits are taken in
 * the order of their Kafka partition (a user's events share one partition, so this is the order the
 * collector received them), the evaluator takes them in event-time order. The two agree whenever a
 * user's events arrive in event-time order; {@code ItemStatisticsJobITCase} asserts equal follower
 * lists on such a stream.
 */
public final class PairTransitions
        extends KeyedCoProcessFunction<String, ClickEvent, Tuple2<String, Long>, ItemSignal> {
    private static final long serialVersionUID = 1L;

    private final TransitionSettings settings;
    private final Duration inactiveUserTtl;
    private transient ValueState<RecentSteps> recent;
    private transient ForgottenHistory forgottenHistory;
    private transient Counter transitions;

    public PairTransitions(TransitionSettings settings, Duration inactiveUserTtl) {
        this.settings = settings;
        this.inactiveUserTtl = inactiveUserTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<RecentSteps> descriptor =
                new ValueStateDescriptor<>("recent-steps", TypeInformation.of(RecentSteps.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(inactiveUserTtl)
                        .updateTtlOnCreateAndWrite()
                        .neverReturnExpired()
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        recent = getRuntimeContext().getState(descriptor);
        forgottenHistory = ForgottenHistory.open(getRuntimeContext(), inactiveUserTtl);
        transitions = JobMetrics.group(getRuntimeContext()).counter("transitions");
    }

    @Override
    public void processElement1(ClickEvent event, Context ctx, Collector<ItemSignal> out)
            throws Exception {
        if (event.getItemId() == null
                || VisitWeights.of(event.getType()) <= 0
                || forgottenHistory.isForgotten(event)) {
            return;
        }
        RecentSteps stored = recent.value();
        TransitionWindow window =
                new TransitionWindow(settings, stored == null ? List.of() : stored.steps());
        List<CoVisit> closed = window.add(event.getItemId(), event.getEventTime().toEpochMilli());
        recent.update(RecentSteps.of(window));
        transitions.inc(closed.size());
        for (CoVisit t : closed) {
            out.collect(ItemSignal.transition(t));
        }
    }

    /**
     * A forget request ({@link ForgetRequests}): the user's window is cleared, so no later visit
     * pairs with the forgotten history, and visits that reached Perch before the request are
     * dropped when they come late.
     */
    @Override
    public void processElement2(
            Tuple2<String, Long> request, Context ctx, Collector<ItemSignal> out) throws Exception {
        recent.clear();
        forgottenHistory.forget(request.f1);
    }
}
