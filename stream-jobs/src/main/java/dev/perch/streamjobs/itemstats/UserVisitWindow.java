package dev.perch.streamjobs.itemstats;

import dev.perch.core.itemstats.VisitWeights;
import dev.perch.events.ClickEvent;
import dev.perch.streamjobs.ForgetRequests;
import dev.perch.streamjobs.ForgottenHistory;
import dev.perch.streamjobs.IdleStateTtl;
import dev.perch.streamjobs.JobMetrics;
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
 * Keyed by user id: keeps one window of the user's latest visits in Flink state and emits what each
 * visit forms with the window (co-visits in {@link PairCoVisits}, transitions in {@link
 * PairTransitions}). Visits are taken in the order of their Kafka partition; visits of no item or
 * of no weight do not enter. The window is dropped after {@code inactiveUserTtl} without events, or
 * at once by the user's forget request (the second input, {@link ForgetRequests}), after which
 * visits that reached Perch before the request are dropped when they come late.
 *
 * @param <S> the window as kept in state (arrays, so Flink serializes it natively)
 * @param <O> what a visit emits
 */
abstract class UserVisitWindow<S, O>
        extends KeyedCoProcessFunction<String, ClickEvent, Tuple2<String, Long>, O> {
    private static final long serialVersionUID = 1L;

    private final String stateName;
    private final Class<S> stateType;
    private final String counterName;
    private final Duration inactiveUserTtl;
    private transient ValueState<S> window;
    private transient ForgottenHistory forgottenHistory;
    private transient Counter emitted;

    /** What one visit did: the window after it and what it formed. */
    record Visit<S, O>(S window, List<O> emitted) {}

    /**
     * @param stateName the state's name (part of the savepoint: never rename)
     * @param stateType the state's class
     * @param counterName the job metric that counts what the visits emit
     */
    UserVisitWindow(
            String stateName, Class<S> stateType, String counterName, Duration inactiveUserTtl) {
        this.stateName = stateName;
        this.stateType = stateType;
        this.counterName = counterName;
        this.inactiveUserTtl = inactiveUserTtl;
    }

    /** Adds {@code event} (of an item, with a positive weight) to {@code stored} (null: empty). */
    abstract Visit<S, O> visit(S stored, ClickEvent event);

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<S> descriptor =
                new ValueStateDescriptor<>(stateName, TypeInformation.of(stateType));
        descriptor.enableTimeToLive(IdleStateTtl.of(inactiveUserTtl));
        window = getRuntimeContext().getState(descriptor);
        forgottenHistory = ForgottenHistory.open(getRuntimeContext(), inactiveUserTtl);
        emitted = JobMetrics.group(getRuntimeContext()).counter(counterName);
    }

    @Override
    public void processElement1(ClickEvent event, Context ctx, Collector<O> out) throws Exception {
        if (event.getItemId() == null
                || VisitWeights.of(event.getType()) <= 0
                || forgottenHistory.isForgotten(event)) {
            return;
        }
        Visit<S, O> visit = visit(window.value(), event);
        window.update(visit.window());
        emitted.inc(visit.emitted().size());
        visit.emitted().forEach(out::collect);
    }

    /**
     * A forget request ({@link ForgetRequests}): the user's window is cleared, so no later visit
     * pairs with the forgotten history, and visits that reached Perch before the request are
     * dropped when they come late.
     */
    @Override
    public void processElement2(Tuple2<String, Long> request, Context ctx, Collector<O> out)
            throws Exception {
        window.clear();
        forgottenHistory.forget(request.f1);
    }
}
