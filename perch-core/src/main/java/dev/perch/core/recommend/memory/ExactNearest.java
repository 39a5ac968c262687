package dev.perch.core.recommend.memory;

import dev.perch.core.recommend.ScoredId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Exact maximum-inner-product search over embeddings held in one flat array: the in-memory
 * counterpart of the feature store's vector index.
 */
public final class ExactNearest {
    private final String[] ids;
    private final float[] matrix;
    private final int dimension;

    /** An index of {@code embeddings} (all of one dimension). */
    public ExactNearest(Map<String, float[]> embeddings) {
        this.ids = embeddings.keySet().stream().sorted().toArray(String[]::new);
        this.dimension = ids.length == 0 ? 0 : embeddings.get(ids[0]).length;
        this.matrix = new float[ids.length * dimension];
        for (int row = 0; row < ids.length; row++) {
            float[] vector = embeddings.get(ids[row]);
            if (vector.length != dimension) {
                throw new IllegalArgumentException(
                        "embedding of "
                                + ids[row]
                                + " has "
                                + vector.length
                                + " dimensions, not "
                                + dimension);
            }
            System.arraycopy(vector, 0, matrix, row * dimension, dimension);
        }
    }

    /** The {@code k} items with the largest inner product with {@code query}, best first. */
    public List<ScoredId> nearest(float[] query, int k) {
        if (k <= 0 || query.length != dimension || ids.length == 0) {
            return List.of();
        }
        PriorityQueue<ScoredId> heap =
                new PriorityQueue<>(k + 1, (a, b) -> Double.compare(a.score(), b.score()));
        for (int row = 0; row < ids.length; row++) {
            int at = row * dimension;
            double dot = 0;
            for (int i = 0; i < dimension; i++) {
                dot += query[i] * matrix[at + i];
            }
            if (heap.size() < k) {
                heap.add(new ScoredId(ids[row], dot));
            } else if (dot > heap.peek().score()) {
                heap.poll();
                heap.add(new ScoredId(ids[row], dot));
            }
        }
        List<ScoredId> best = new ArrayList<>(heap);
        best.sort(Collections.reverseOrder((a, b) -> Double.compare(a.score(), b.score())));
        return best;
    }

    /** How many items are indexed. */
    public int size() {
        return ids.length;
    }
}
