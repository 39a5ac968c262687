package dev.perch.streamjobs;

import dev.perch.core.itemstats.CoVisit;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.NeighborScores;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by item id: adds each {@link CoVisit} to the item's perch-core {@link NeighborScores}
 * (bounded by maxNeighbors, time-decayed) and publishes the item's strongest neighbours at most
 * once per {@code publishInterval} of processing time, always the latest list, with a version that
 * only grows (the publish time in epoch milliseconds, or the previous version + 1 if that is not
 * more).
 */
public final class UpdateNeighbors extends KeyedProcessFunction<String, CoVisit, ItemNeighbors> {
    private static final long serialVersionUID = 1L;

    private final CoVisitationSettings settings;
    private final int publishedNeighbors;
    private final long publishIntervalMillis;
    private final Duration inactiveItemTtl;
    private transient ValueState<NeighborList> neighbors;
    private transient ValueState<Long> publishAt;
    private transient Counter updates;
    private transient Counter published;

    public UpdateNeighbors(
            CoVisitationSettings settings,
            int publishedNeighbors,
            Duration publishInterval,
            Duration inactiveItemTtl) {
        this.settings = settings;
        this.publishedNeighbors = publishedNeighbors;
        this.publishIntervalMillis = publishInterval.toMillis();
        this.inactiveItemTtl = inactiveItemTtl;
    }

    /** The settings of this job's configuration. */
    public static UpdateNeighbors of(ItemStatisticsJobConfig config) {
        return new UpdateNeighbors(
                config.coVisitation(),
                config.publishedNeighbors(),
                config.publishInterval(),
                config.inactiveItemTtl());
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl =
                StateTtlConfig.newBuilder(inactiveItemTtl)
                        .updateTtlOnCreateAndWrite()
                        .neverReturnExpired()
                        .cleanupInRocksdbCompactFilter(1000)
                        .build();
        ValueStateDescriptor<NeighborList> neighborsDescriptor =
                new ValueStateDescriptor<>("neighbors", TypeInformation.of(NeighborList.class));
        neighborsDescriptor.enableTimeToLive(ttl);
        neighbors = getRuntimeContext().getState(neighborsDescriptor);
        ValueStateDescriptor<Long> publishDescriptor =
                new ValueStateDescriptor<>("publish-at", Types.LONG);
        publishDescriptor.enableTimeToLive(ttl);
        publishAt = getRuntimeContext().getState(publishDescriptor);
        var metrics = JobMetrics.group(getRuntimeContext());
        updates = metrics.counter("neighborUpdates");
        published = metrics.counter("neighborsPublished");
    }

    @Override
    public void processElement(CoVisit pair, Context ctx, Collector<ItemNeighbors> out)
            throws Exception {
        NeighborList stored = neighbors.value();
        NeighborScores scores =
                stored == null ? new NeighborScores(settings) : stored.restore(settings);
        scores.add(pair.neighbor(), pair.weight(), pair.eventTime());
        neighbors.update(
                NeighborList.of(
                        scores, settings.maxNeighbors(), stored == null ? 0 : stored.version()));
        updates.inc();
        if (publishAt.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + publishIntervalMillis;
            publishAt.update(at);
            ctx.timerService().registerProcessingTimeTimer(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemNeighbors> out)
            throws Exception {
        publishAt.clear();
        NeighborList stored = neighbors.value();
        if (stored == null) {
            return;
        }
        long version = Math.max(stored.version() + 1, timestamp);
        neighbors.update(stored.withVersion(version));
        out.collect(record(ctx.getCurrentKey(), stored, version));
        published.inc();
    }

    private ItemNeighbors record(String itemId, NeighborList list, long version) {
        List<ScoredItem> top = new ArrayList<>();
        for (int i = 0; i < list.size() && i < publishedNeighbors; i++) {
            top.add(new ScoredItem(list.neighborIds()[i], list.scores()[i]));
        }
        return ItemNeighbors.newBuilder()
                .setItemId(itemId)
                .setNeighbors(top)
                .setVersion(version)
                .setUpdatedAt(Instant.ofEpochMilli(list.asOf()))
                .build();
    }
}
