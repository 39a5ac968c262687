package dev.perch.streamjobs;

import dev.perch.core.itemstats.CoVisit;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.PairWindow;
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
 * Keyed by user id: runs perch-core's {@link PairWindow} over the user's visits (in the order of
 * their Kafka partition) and emits the {@link CoVisit}s each visit forms. State per user: at most
 * {@code lookback} visits, dropped after {@code inactiveUserTtl} without events or at once by the
 * user's forget request (the second input, {@link ForgetRequests}).
 */
public final class PairCoVisits
        extends KeyedCoProcessFunction<String, ClickEvent, Tuple2<String, Long>, CoVisit> {
    private static final long serialVersionUID = 1L;

    private final CoVisitationSettings settings;
    private final Duration inactiveUserTtl;
    private transient ValueState<RecentVisits> recent;
    private transient ForgottenHistory forgottenHistory;
    private transient Counter coVisits;

    public PairCoVisits(CoVisitationSettings settings, Duration inactiveUserTtl) {
        this.settings = settings;
        this.inactiveUserTtl = inactiveUserTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<RecentVisits> descriptor =
                new ValueStateDescriptor<>("recent-visits", TypeInformation.of(RecentVisits.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(inactiveUserTtl)
                        .updateTtlOnCreateAndWrite()
                        .neverReturnExpired()
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        recent = getRuntimeContext().getState(descriptor);
        forgottenHistory = ForgottenHistory.open(getRuntimeContext(), inactiveUserTtl);
        coVisits = JobMetrics.group(getRuntimeContext()).counter("coVisits");
    }

    @Override
    public void processElement1(ClickEvent event, Context ctx, Collector<CoVisit> out)
            throws Exception {
        if (event.getItemId() == null
                || VisitWeights.of(event.getType()) <= 0
                || forgottenHistory.isForgotten(event)) {
            return;
        }
        RecentVisits stored = recent.value();
        PairWindow window = new PairWindow(settings, stored == null ? List.of() : stored.visits());
        List<CoVisit> pairs =
                window.add(event.getItemId(), event.getType(), event.getEventTime().toEpochMilli());
        recent.update(RecentVisits.of(window));
        coVisits.inc(pairs.size());
        pairs.forEach(out::collect);
    }

    /**
     * A forget request ({@link ForgetRequests}): the user's window is cleared, so no later visit
     * pairs with the forgotten history, and visits that reached Perch before the request are
     * dropped when they come late.
     */
    @Override
    public void processElement2(Tuple2<String, Long> request, Context ctx, Collector<CoVisit> out)
            throws Exception {
        recent.clear();
        forgottenHistory.forget(request.f1);
    }
}
