package dev.perch.streamjobs;

import dev.perch.core.recommend.CandidateSources;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The two small steps between the item-keyed sliding windows and the scope-keyed top lists: stamp
 * each item's window count with its window end, then send it to the global scope and to the item's
 * top-level category (events of items not in the catalog count globally only).
 */
public final class TrendingScopes {
    private TrendingScopes() {}

    /** Stamps the window end on an item's count. */
    public static final class StampWindowEnd
            extends ProcessWindowFunction<TrendingCount, TrendingCount, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(
                String itemId,
                Context context,
                Iterable<TrendingCount> counts,
                Collector<TrendingCount> out) {
            for (TrendingCount c : counts) {
                out.collect(
                        new TrendingCount(
                                null, itemId, c.category(), c.count(), context.window().getEnd()));
            }
        }
    }

    /** One record per scope the item counts in. */
    public static final class ToScopes implements FlatMapFunction<TrendingCount, TrendingCount> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(TrendingCount c, Collector<TrendingCount> out) {
            out.collect(
                    new TrendingCount(
                            CandidateSources.GLOBAL,
                            c.itemId(),
                            c.category(),
                            c.count(),
                            c.windowEnd()));
            if (c.category() != null) {
                out.collect(
                        new TrendingCount(
                                c.category(), c.itemId(), c.category(), c.count(), c.windowEnd()));
            }
        }
    }
}
