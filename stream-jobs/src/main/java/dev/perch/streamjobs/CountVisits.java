package dev.perch.streamjobs;

import dev.perch.core.EnrichedEvent;
import dev.perch.core.itemstats.VisitWeights;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Sums one item's weighted visits in a sliding window ({@link VisitWeights}, as the in-memory
 * TrendingCounter does) and keeps the item's latest known category: one number per window.
 */
public final class CountVisits
        implements AggregateFunction<EnrichedEvent, TrendingCount, TrendingCount> {
    private static final long serialVersionUID = 1L;

    @Override
    public TrendingCount createAccumulator() {
        return new TrendingCount(null, null, null, 0, 0);
    }

    @Override
    public TrendingCount add(EnrichedEvent e, TrendingCount acc) {
        String category = e.category() != null ? e.category() : acc.category();
        return new TrendingCount(
                null,
                e.event().getItemId(),
                category,
                acc.count() + VisitWeights.of(e.event().getType()),
                0);
    }

    @Override
    public TrendingCount getResult(TrendingCount acc) {
        return acc;
    }

    @Override
    public TrendingCount merge(TrendingCount a, TrendingCount b) {
        return new TrendingCount(
                null,
                a.itemId() != null ? a.itemId() : b.itemId(),
                b.category() != null ? b.category() : a.category(),
                a.count() + b.count(),
                0);
    }
}
