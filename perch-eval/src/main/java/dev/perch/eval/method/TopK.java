package dev.perch.eval.method;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Picks the best {@code k} allowed items of a score map or a score array: higher score first, then
 * the smaller item id. A bounded primitive heap (parallel {@code double[]}/{@code String[]} arrays,
 * no boxing, no comparator objects) keeps the work at O(n log k), so full ranking over a catalog of
 * 50,000+ items costs one pass over a primitive array per query.
 */
public final class TopK {
    /** Higher score first, then the smaller item id. */
    public static final Comparator<Map.Entry<String, Double>> BEST_FIRST =
            Map.Entry.<String, Double>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey());

    private TopK() {}

    /** The best {@code k} allowed keys of {@code scores}. */
    public static List<String> of(Map<String, Double> scores, int k, Predicate<String> allowed) {
        Heap heap = new Heap(k);
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (heap.wouldTake(e.getValue(), e.getKey()) && allowed.test(e.getKey())) {
                heap.offer(e.getValue(), e.getKey());
            }
        }
        return heap.drainBestFirst();
    }

    /**
     * The best {@code k} allowed names of {@code scores[i]} / {@code names[i]}: the full-ranking
     * path of factor models, without a map per query.
     */
    public static List<String> of(
            double[] scores, String[] names, int k, Predicate<String> allowed) {
        Heap heap = new Heap(k);
        for (int i = 0; i < scores.length; i++) {
            if (heap.wouldTake(scores[i], names[i]) && allowed.test(names[i])) {
                heap.offer(scores[i], names[i]);
            }
        }
        return heap.drainBestFirst();
    }

    /** Appends allowed items of {@code fallback} not yet in {@code list} until it has k items. */
    public static List<String> fill(
            List<String> list, List<String> fallback, int k, Predicate<String> allowed) {
        List<String> filled = new ArrayList<>(list);
        for (String item : fallback) {
            if (filled.size() >= k) {
                break;
            }
            if (allowed.test(item) && !filled.contains(item)) {
                filled.add(item);
            }
        }
        return filled;
    }

    /**
     * A min-heap of at most {@code k} (score, id) pairs whose root is the worst kept pair, so a new
     * pair is compared with one element and most candidates are rejected without any allocation.
     */
    static final class Heap {
        private final int capacity;
        private final double[] scores;
        private final String[] ids;
        private int size;

        Heap(int capacity) {
            this.capacity = Math.max(0, capacity);
            this.scores = new double[this.capacity];
            this.ids = new String[this.capacity];
        }

        /** Whether (score, id) would enter the heap now (cheap pre-check before a filter). */
        boolean wouldTake(double score, String id) {
            if (capacity == 0 || Double.isNaN(score)) {
                return false;
            }
            return size < capacity || better(score, id, scores[0], ids[0]);
        }

        void offer(double score, String id) {
            if (!wouldTake(score, id)) {
                return;
            }
            if (size < capacity) {
                scores[size] = score;
                ids[size] = id;
                up(size++);
            } else {
                scores[0] = score;
                ids[0] = id;
                down(0);
            }
        }

        /** The kept ids, best first; empties the heap. */
        List<String> drainBestFirst() {
            String[] out = new String[size];
            for (int i = size - 1; i >= 0; i--) {
                out[i] = ids[0];
                size--;
                scores[0] = scores[size];
                ids[0] = ids[size];
                ids[size] = null;
                if (size > 0) {
                    down(0);
                }
            }
            return List.of(out);
        }

        /** Higher score first, then the smaller id. */
        private static boolean better(double s1, String id1, double s2, String id2) {
            return s1 > s2 || (s1 == s2 && id1.compareTo(id2) < 0);
        }

        private void up(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!better(scores[parent], ids[parent], scores[i], ids[i])) {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void down(int i) {
            while (true) {
                int left = 2 * i + 1;
                if (left >= size) {
                    return;
                }
                int worst = left;
                int right = left + 1;
                if (right < size && better(scores[worst], ids[worst], scores[right], ids[right])) {
                    worst = right;
                }
                if (!better(scores[i], ids[i], scores[worst], ids[worst])) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int a, int b) {
            double s = scores[a];
            scores[a] = scores[b];
            scores[b] = s;
            String id = ids[a];
            ids[a] = ids[b];
            ids[b] = id;
        }
    }
}
