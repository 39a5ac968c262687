package dev.perch.streamjobs;

import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.NeighborScores;
import dev.perch.core.recommend.ScoredId;
import java.util.List;

/**
 * One item's co-visitation neighbours (or its followers) as kept in Flink state: every neighbour of
 * its perch-core {@link NeighborScores} (never more than maxNeighbors) with its score decayed to
 * {@code asOf}, and the version of the last record published for the item.
 *
 * @param neighborIds the neighbours, strongest first
 * @param scores their scores as of {@code asOf}
 * @param asOf the newest co-visit's event time (epoch milliseconds)
 * @param version the version of the last ItemNeighbors published, 0 before the first
 */
public record NeighborList(String[] neighborIds, double[] scores, long asOf, long version) {

    /** Every neighbour of {@code scores}, with the given published version. */
    public static NeighborList of(NeighborScores scores, int maxNeighbors, long version) {
        List<ScoredId> top = scores.top(maxNeighbors);
        String[] ids = new String[top.size()];
        double[] values = new double[top.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = top.get(i).itemId();
            values[i] = top.get(i).score();
        }
        return new NeighborList(ids, values, scores.newestEventTime(), version);
    }

    /**
     * The scores as a perch-core {@link NeighborScores}: forward decay makes a list restored at its
     * newest time score and evict exactly like the original.
     */
    public NeighborScores restore(CoVisitationSettings settings) {
        return restore(new NeighborScores(settings));
    }

    /** The scores added to {@code empty} (bounded and decayed as that one was built). */
    public NeighborScores restore(NeighborScores empty) {
        NeighborScores restored = empty;
        for (int i = 0; i < neighborIds.length; i++) {
            restored.add(neighborIds[i], scores[i], asOf);
        }
        return restored;
    }

    /** The same neighbours with another published version. */
    public NeighborList withVersion(long newVersion) {
        return new NeighborList(neighborIds, scores, asOf, newVersion);
    }

    /** How many neighbours are kept. */
    public int size() {
        return neighborIds.length;
    }
}
