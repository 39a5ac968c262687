package dev.perch.streamjobs.itemstats;

import dev.perch.core.recommend.CandidateSources;
import dev.perch.streamjobs.TrendingWindows;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The step between the item-keyed sliding windows ({@link TrendingWindows}) and the scope-keyed top
 * lists: each item's window count goes to the global scope and to the item's top-level category
 * (events of items not in the catalog count globally only).
 */
public final class TrendingScopes {
    private TrendingScopes() {}

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
