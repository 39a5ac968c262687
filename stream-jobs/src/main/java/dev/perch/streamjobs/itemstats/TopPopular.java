package dev.perch.streamjobs.itemstats;

import dev.perch.core.recommend.CandidateSources;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import dev.perch.events.TrendingItems;
import dev.perch.streamjobs.JobMetrics;
import dev.perch.streamjobs.TopTrending;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by one constant ({@link CandidateSources#ALL_TIME}): keeps the {@code topN} items of the
 * highest all-time popularity from the per-item records of {@link UpdateNeighbors}, and publishes
 * them as the {@link TrendingItems} list of scope {@link CandidateSources#ALL_TIME} at most once
 * per {@code publishInterval} of processing time: what the model server's popular source answers.
 *
 * <p>A record carries its item's whole count, and counts only grow, so an item enters the top only
 * through its own record and the kept top is exact with {@code topN} entries of state, in the order
 * of the evaluator's {@code PopularityCounter} (count, then item id). One key, but one record per
 * item per publish interval, not one per event. The window of the list is all time: from the epoch
 * to the latest visit counted.
 */
public final class TopPopular extends KeyedProcessFunction<String, ItemNeighbors, TrendingItems> {
    private static final long serialVersionUID = 1L;

    private final int topN;
    private final java.time.Duration publishInterval;
    private transient ValueState<TopTrending.TopList> top;
    private transient ValueState<Long> newest;
    private transient PublishTimer publication;
    private transient Counter published;

    public TopPopular(int topN, java.time.Duration publishInterval) {
        this.topN = topN;
        this.publishInterval = publishInterval;
    }

    @Override
    public void open(OpenContext openContext) {
        top =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "all-time-top",
                                        TypeInformation.of(TopTrending.TopList.class)));
        newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest", Types.LONG));
        publication = PublishTimer.open(getRuntimeContext(), publishInterval, null);
        published = JobMetrics.group(getRuntimeContext()).counter("popularPublished");
    }

    @Override
    public void processElement(ItemNeighbors item, Context ctx, Collector<TrendingItems> out)
            throws Exception {
        if (!(item.getPopularity() > 0)) {
            return;
        }
        TopTrending.TopList current = top.value();
        top.update(
                (current == null ? TopTrending.TopList.EMPTY : current)
                        .with(item.getItemId(), item.getPopularity(), topN));
        long asOf = item.getUpdatedAt().toEpochMilli();
        Long before = newest.value();
        if (before == null || asOf > before) {
            newest.update(asOf);
        }
        publication.schedule(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrendingItems> out)
            throws Exception {
        publication.fired();
        TopTrending.TopList list = top.value();
        if (list == null) {
            return;
        }
        List<ScoredItem> items = new ArrayList<>(list.itemIds().length);
        for (int i = 0; i < list.itemIds().length; i++) {
            items.add(new ScoredItem(list.itemIds()[i], list.counts()[i]));
        }
        Long latest = newest.value();
        out.collect(
                TrendingItems.newBuilder()
                        .setScope(CandidateSources.ALL_TIME)
                        .setItems(items)
                        .setWindowStart(Instant.EPOCH)
                        .setWindowEnd(Instant.ofEpochMilli(latest == null ? 0 : latest + 1))
                        .build());
        published.inc();
    }
}
