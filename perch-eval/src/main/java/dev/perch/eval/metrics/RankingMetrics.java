package dev.perch.eval.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Accumulates next-item metrics over many (ranked list, target) pairs: HR@10, HR@20 (= Recall@k
 * with one target), NDCG@10, MRR@10, MRR@20 and catalogue coverage of the top-10 lists. A list is a
 * strict order (each method breaks score ties by item id), so no tie arises here; a target not in
 * the list counts as a miss.
 */
public final class RankingMetrics {
    private long count;
    private long hits10;
    private long hits20;
    private double ndcg10;
    private double rr10;
    private double rr20;
    private final Set<String> recommended = new HashSet<>();

    /** Adds one ranked list (best first) and the item that really came next. */
    public void add(List<String> ranked, String target) {
        addRank(rankOf(ranked, target));
        for (int i = 0; i < ranked.size() && i < 10; i++) {
            recommended.add(ranked.get(i));
        }
    }

    /**
     * Adds one outcome by the target's 1-based rank (0 when it was not ranked), for protocols that
     * rank a sample rather than produce a list.
     */
    public void addRank(int rank) {
        count++;
        if (rank <= 0) {
            return;
        }
        if (rank <= 10) {
            hits10++;
            ndcg10 += 1.0 / (Math.log(rank + 1) / Math.log(2));
            rr10 += 1.0 / rank;
        }
        if (rank <= 20) {
            hits20++;
            rr20 += 1.0 / rank;
        }
    }

    /** The 1-based position of {@code target} in {@code ranked}, 0 when absent. */
    public static int rankOf(List<String> ranked, String target) {
        int at = ranked.indexOf(target);
        return at < 0 ? 0 : at + 1;
    }

    /** How many outcomes were added. */
    public long count() {
        return count;
    }

    public double hr10() {
        return mean(hits10);
    }

    public double hr20() {
        return mean(hits20);
    }

    public double ndcg10() {
        return mean(ndcg10);
    }

    public double mrr10() {
        return mean(rr10);
    }

    public double mrr20() {
        return mean(rr20);
    }

    /** Distinct items that appeared in any top-10 list. */
    public int recommendedItems() {
        return recommended.size();
    }

    /** Distinct top-10 items over {@code catalogueSize}. */
    public double coverage(int catalogueSize) {
        return catalogueSize == 0 ? 0 : (double) recommended.size() / catalogueSize;
    }

    /** Adds every outcome of {@code other} to this one. */
    public void addAll(RankingMetrics other) {
        count += other.count;
        hits10 += other.hits10;
        hits20 += other.hits20;
        ndcg10 += other.ndcg10;
        rr10 += other.rr10;
        rr20 += other.rr20;
        recommended.addAll(other.recommended);
    }

    private double mean(double sum) {
        return count == 0 ? 0 : sum / count;
    }
}
