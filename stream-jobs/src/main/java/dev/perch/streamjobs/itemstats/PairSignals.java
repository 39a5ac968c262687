package dev.perch.streamjobs.itemstats;

import dev.perch.core.itemstats.CoVisit;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.PairWindow;
import dev.perch.core.itemstats.TransitionSettings;
import dev.perch.core.itemstats.TransitionWindow;
import dev.perch.core.itemstats.VisitWeights;
import dev.perch.events.ClickEvent;
import dev.perch.streamjobs.ForgetRequests;
import dev.perch.streamjobs.ForgottenHistory;
import dev.perch.streamjobs.IdleStateTtl;
import dev.perch.streamjobs.ItemSignal;
import dev.perch.streamjobs.JobMetrics;
import dev.perch.streamjobs.RecentSteps;
import dev.perch.streamjobs.RecentVisits;
import dev.perch.streamjobs.RecentWindows;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user id: runs perch-core's {@link PairWindow} and {@link TransitionWindow} over the
 * user's visits, in the order of their Kafka partition, and emits what each visit forms as {@link
 * ItemSignal}s for the per-item operator: the co-visits of the pair window ({@code coVisits}
 * metric), then the transitions it closes ("this item followed that one within k steps", {@code
 * transitions}). Visits of no item or of no weight do not enter.
 *
 * <p>Both windows are one state value ({@link RecentWindows}): a visit reads and writes the user's
 * state once, and the visits reach one operator, not two (the item-statistics job's profile in
 * issue 16: two operators each read and wrote their own window and the forget time, and every visit
 * crossed the network twice). State per user: at most {@code lookback} visits and {@code steps}
 * interactions, dropped after {@code inactiveUserTtl} without events, or at once by the user's
 * forget request (the second input, {@link ForgetRequests}), after which visits that reached Perch
 * before the request are dropped when they come late.
 *
 * <p>Where the live path differs from the evaluator's {@code TransitionIndex}: visits are taken in
 * the order of their Kafka partition (a user's events share one partition, so this is the order the
 * collector received them), the evaluator takes them in event-time order. The two agree whenever a
 * user's events arrive in event-time order; {@code ItemStatisticsJobITCase} asserts equal follower
 * lists on such a stream.
 */
public final class PairSignals
        extends KeyedCoProcessFunction<String, ClickEvent, Tuple2<String, Long>, ItemSignal> {
    private static final long serialVersionUID = 1L;

    private final CoVisitationSettings coVisitation;
    private final TransitionSettings transitions;
    private final Duration inactiveUserTtl;
    private transient ValueState<RecentWindows> windows;
    private transient ForgottenHistory forgottenHistory;
    private transient Counter coVisits;
    private transient Counter transitionsClosed;

    public PairSignals(
            CoVisitationSettings coVisitation,
            TransitionSettings transitions,
            Duration inactiveUserTtl) {
        this.coVisitation = coVisitation;
        this.transitions = transitions;
        this.inactiveUserTtl = inactiveUserTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<RecentWindows> descriptor =
                new ValueStateDescriptor<>(
                        "recent-windows", TypeInformation.of(RecentWindows.class));
        descriptor.enableTimeToLive(IdleStateTtl.of(inactiveUserTtl));
        windows = getRuntimeContext().getState(descriptor);
        forgottenHistory = ForgottenHistory.open(getRuntimeContext(), inactiveUserTtl);
        var metrics = JobMetrics.group(getRuntimeContext());
        coVisits = metrics.counter("coVisits");
        transitionsClosed = metrics.counter("transitions");
    }

    @Override
    public void processElement1(ClickEvent event, Context ctx, Collector<ItemSignal> out)
            throws Exception {
        if (event.getItemId() == null
                || VisitWeights.of(event.getType()) <= 0
                || forgottenHistory.isForgotten(event)) {
            return;
        }
        RecentWindows stored = windows.value();
        long eventTime = event.getEventTime().toEpochMilli();
        PairWindow pairs = new PairWindow(coVisitation, RecentWindows.visitsOf(stored));
        List<CoVisit> formed = pairs.add(event.getItemId(), event.getType(), eventTime);
        TransitionWindow steps = new TransitionWindow(transitions, RecentWindows.stepsOf(stored));
        List<CoVisit> closed = steps.add(event.getItemId(), eventTime);
        windows.update(new RecentWindows(RecentVisits.of(pairs), RecentSteps.of(steps)));
        coVisits.inc(formed.size());
        transitionsClosed.inc(closed.size());
        for (CoVisit pair : formed) {
            out.collect(ItemSignal.coVisit(pair));
        }
        for (CoVisit transition : closed) {
            out.collect(ItemSignal.transition(transition));
        }
    }

    /**
     * A forget request ({@link ForgetRequests}): the user's windows are cleared, so no later visit
     * pairs with the forgotten history, and visits that reached Perch before the request are
     * dropped when they come late.
     */
    @Override
    public void processElement2(
            Tuple2<String, Long> request, Context ctx, Collector<ItemSignal> out) throws Exception {
        windows.clear();
        forgottenHistory.forget(request.f1);
    }
}
