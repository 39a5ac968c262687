package dev.perch.core.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): an item scores {@code sum of
 * weight / (K + rank)} over the ranked lists it appears in, so lists whose scores are not
 * comparable (BM25, cosine, a ranker's output) can be merged by rank alone.
 */
public final class ReciprocalRankFusion {
    /** The rank offset of the original paper. */
    public static final int K = 60;

    private ReciprocalRankFusion() {}

    /**
     * The items of {@code lists}, best first by fused score (ties: first seen).
     *
     * @param weights one weight per list
     */
    public static List<Fused> fuse(List<List<String>> lists, double[] weights) {
        if (weights.length != lists.size()) {
            throw new IllegalArgumentException(
                    lists.size() + " lists need as many weights, got " + weights.length);
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (int l = 0; l < lists.size(); l++) {
            List<String> list = lists.get(l);
            for (int rank = 0; rank < list.size(); rank++) {
                scores.computeIfAbsent(list.get(rank), id -> new double[1])[0] +=
                        weights[l] / (K + rank + 1);
            }
        }
        List<Fused> fused = new ArrayList<>(scores.size());
        scores.forEach((id, score) -> fused.add(new Fused(id, score[0])));
        fused.sort(Comparator.comparingDouble(Fused::score).reversed());
        return fused;
    }

    /**
     * An item and its fused score.
     *
     * @param itemId the item
     * @param score its fused score
     */
    public record Fused(String itemId, double score) {}
}
