package dev.perch.streamjobs;

import dev.perch.events.ScoredItem;
import dev.perch.events.TrendingItems;
import dev.perch.streamjobs.itemstats.TrendingCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by scope: collects the per-item counts of each window (one record per item, from the
 * item-keyed sliding windows), keeps only the {@code topN} strongest, and publishes the scope's
 * {@link TrendingItems} when the watermark passes the window's end. State per scope: topN entries
 * per window still open, cleared when it is published.
 */
public final class TopTrending extends KeyedProcessFunction<String, TrendingCount, TrendingItems> {
    private static final long serialVersionUID = 1L;

    private final int topN;
    private final long windowMillis;
    private transient MapState<Long, TopList> windows;
    private transient Counter published;

    public TopTrending(int topN, Duration window) {
        this.topN = topN;
        this.windowMillis = window.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        windows =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "window-tops",
                                        Types.LONG,
                                        TypeInformation.of(TopList.class)));
        published = JobMetrics.group(getRuntimeContext()).counter("trendingPublished");
    }

    @Override
    public void processElement(TrendingCount count, Context ctx, Collector<TrendingItems> out)
            throws Exception {
        TopList current = windows.get(count.windowEnd());
        if (current == null) {
            current = TopList.EMPTY;
            ctx.timerService().registerEventTimeTimer(count.windowEnd() - 1);
        }
        windows.put(count.windowEnd(), current.with(count.itemId(), count.count(), topN));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrendingItems> out)
            throws Exception {
        long windowEnd = timestamp + 1;
        TopList top = windows.get(windowEnd);
        if (top == null) {
            return;
        }
        windows.remove(windowEnd);
        List<ScoredItem> items = new ArrayList<>(top.itemIds().length);
        for (int i = 0; i < top.itemIds().length; i++) {
            items.add(new ScoredItem(top.itemIds()[i], top.counts()[i]));
        }
        out.collect(
                TrendingItems.newBuilder()
                        .setScope(ctx.getCurrentKey())
                        .setItems(items)
                        .setWindowStart(Instant.ofEpochMilli(windowEnd - windowMillis))
                        .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                        .build());
        published.inc();
    }

    /**
     * The strongest items of one window so far, strongest first (ties by item id).
     *
     * @param itemIds the items
     * @param counts their weighted counts
     */
    public record TopList(String[] itemIds, double[] counts) {
        public static final TopList EMPTY = new TopList(new String[0], new double[0]);

        /** This list with {@code itemId} at {@code count}, cut to {@code max} entries. */
        public TopList with(String itemId, double count, int max) {
            List<String> ids = new ArrayList<>(List.of(itemIds));
            List<Double> values = new ArrayList<>();
            for (double c : counts) {
                values.add(c);
            }
            int existing = ids.indexOf(itemId);
            if (existing >= 0) {
                ids.remove(existing);
                values.remove(existing);
            }
            int at = 0;
            while (at < ids.size()
                    && (values.get(at) > count
                            || (values.get(at) == count && ids.get(at).compareTo(itemId) < 0))) {
                at++;
            }
            if (at < max) {
                ids.add(at, itemId);
                values.add(at, count);
            }
            int size = Math.min(max, ids.size());
            String[] newIds = new String[size];
            double[] newCounts = new double[size];
            for (int i = 0; i < size; i++) {
                newIds[i] = ids.get(i);
                newCounts[i] = values.get(i);
            }
            return new TopList(newIds, newCounts);
        }
    }
}
