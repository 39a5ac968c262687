package dev.perch.core.itemstats;

import dev.perch.core.recommend.ScoredId;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One item's neighbours with time-decayed scores, at most {@code maxNeighbors} of them: when full,
 * a new neighbour replaces the weakest. Scores use forward decay (each weight is stored scaled by
 * {@code 2^((t - landmark) / halfLife)}), so adding is O(1), the order never needs re-sorting as
 * time passes, and {@link #top} reports scores as of the newest event seen.
 */
public final class NeighborScores implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double MAX_EXPONENT = 500;

    private final int maxNeighbors;
    private final double halfLifeMillis;
    private final HashMap<String, Double> forward = new HashMap<>();
    private long landmark;
    private long newest;
    private boolean empty = true;

    public NeighborScores(CoVisitationSettings settings) {
        this(settings.maxNeighbors(), settings.halfLife());
    }

    /** Scores keeping at most {@code maxNeighbors}, halving every {@code halfLife}. */
    public NeighborScores(int maxNeighbors, java.time.Duration halfLife) {
        this.maxNeighbors = maxNeighbors;
        this.halfLifeMillis = halfLife.toMillis();
    }

    /** Adds {@code weight} to {@code neighbor} at {@code eventTime}. */
    public void add(String neighbor, double weight, long eventTime) {
        if (empty) {
            landmark = eventTime;
            newest = eventTime;
            empty = false;
        }
        newest = Math.max(newest, eventTime);
        double exponent = (eventTime - landmark) / halfLifeMillis;
        if (exponent > MAX_EXPONENT) {
            moveLandmark(eventTime);
            exponent = 0;
        }
        double scaled = weight * Math.pow(2, exponent);
        Double current = forward.get(neighbor);
        if (current != null) {
            forward.put(neighbor, current + scaled);
            return;
        }
        if (forward.size() >= maxNeighbors) {
            evictWeakest();
        }
        forward.put(neighbor, scaled);
    }

    /** The {@code n} strongest neighbours, scores decayed to the newest event seen. */
    public List<ScoredId> top(int n) {
        double toNow = Math.pow(2, -(newest - landmark) / halfLifeMillis);
        // an array of primitive pairs and one plain comparator: this runs on every co-visit of the
        // item-statistics job, where sorting boxed map entries through composed comparators was
        // the job's hottest code (docs/benchmarks/history.md, "Where the CPU goes")
        Ranked[] ranked = new Ranked[forward.size()];
        int i = 0;
        for (Map.Entry<String, Double> entry : forward.entrySet()) {
            ranked[i++] = new Ranked(entry.getKey(), entry.getValue());
        }
        Arrays.sort(ranked, STRONGEST_FIRST);
        List<ScoredId> top = new ArrayList<>(Math.min(n, ranked.length));
        for (int k = 0; k < ranked.length && top.size() < n; k++) {
            top.add(new ScoredId(ranked[k].id, ranked[k].score * toNow));
        }
        return top;
    }

    /** A neighbour and its forward-decayed score, for sorting. */
    private record Ranked(String id, double score) {}

    /** Highest score first; equal scores by id, so the order never depends on hashing. */
    private static final Comparator<Ranked> STRONGEST_FIRST =
            (a, b) -> {
                int byScore = Double.compare(b.score, a.score);
                return byScore != 0 ? byScore : a.id.compareTo(b.id);
            };

    /** How many neighbours are kept (never more than {@code maxNeighbors}). */
    public int size() {
        return forward.size();
    }

    /** The newest event time seen, epoch millis. */
    public long newestEventTime() {
        return newest;
    }

    private void evictWeakest() {
        String weakest = null;
        double weakestScore = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Double> entry : forward.entrySet()) {
            double score = entry.getValue();
            if (score < weakestScore
                    || (score == weakestScore && entry.getKey().compareTo(weakest) > 0)) {
                weakest = entry.getKey();
                weakestScore = score;
            }
        }
        forward.remove(weakest);
    }

    private void moveLandmark(long to) {
        double factor = Math.pow(2, -(to - landmark) / halfLifeMillis);
        forward.replaceAll((id, score) -> score * factor);
        forward.values().removeIf(score -> score == 0);
        landmark = to;
    }
}
