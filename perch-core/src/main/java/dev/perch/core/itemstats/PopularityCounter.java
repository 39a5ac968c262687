package dev.perch.core.itemstats;

import dev.perch.core.recommend.ScoredId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * All-time weighted counts per item with an exact top list kept incrementally: counts only grow, so
 * an item can enter the top only by its own increase, and the top stays exact at O(log n) per
 * event.
 */
public final class PopularityCounter {
    private static final Comparator<ScoredId> BEST_FIRST =
            Comparator.comparingDouble(ScoredId::score).reversed().thenComparing(ScoredId::itemId);

    private final int topSize;
    private final Map<String, Double> counts = new HashMap<>();
    private final TreeSet<ScoredId> top = new TreeSet<>(BEST_FIRST);

    /** A counter whose {@link #top} answers up to {@code topSize} items. */
    public PopularityCounter(int topSize) {
        if (topSize <= 0) {
            throw new IllegalArgumentException("topSize must be positive: " + topSize);
        }
        this.topSize = topSize;
    }

    /** Adds {@code weight} (ignored unless positive) to {@code itemId}. */
    public void add(String itemId, double weight) {
        if (itemId == null || !(weight > 0)) {
            return;
        }
        Double before = counts.get(itemId);
        double after = (before == null ? 0 : before) + weight;
        counts.put(itemId, after);
        if (before != null) {
            top.remove(new ScoredId(itemId, before));
        }
        top.add(new ScoredId(itemId, after));
        if (top.size() > topSize) {
            top.pollLast();
        }
    }

    /** The weighted count of {@code itemId}, 0 when never seen. */
    public double count(String itemId) {
        return counts.getOrDefault(itemId, 0.0);
    }

    /** The {@code n} most popular items (at most the configured top size). */
    public List<ScoredId> top(int n) {
        List<ScoredId> list = new ArrayList<>(Math.min(n, top.size()));
        for (ScoredId scored : top) {
            if (list.size() >= n) {
                break;
            }
            list.add(scored);
        }
        return list;
    }

    /** How many distinct items were counted. */
    public int items() {
        return counts.size();
    }
}
