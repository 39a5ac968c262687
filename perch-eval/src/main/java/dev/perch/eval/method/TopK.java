package dev.perch.eval.method;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/** Picks the best {@code k} allowed items of a score map: higher score first, then item id. */
public final class TopK {
    /** Higher score first, then the smaller item id. */
    public static final Comparator<Map.Entry<String, Double>> BEST_FIRST =
            Map.Entry.<String, Double>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey());

    private TopK() {}

    /** The best {@code k} allowed keys of {@code scores}. */
    public static List<String> of(Map<String, Double> scores, int k, Predicate<String> allowed) {
        PriorityQueue<Map.Entry<String, Double>> heap =
                new PriorityQueue<>(k + 1, BEST_FIRST.reversed());
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (!allowed.test(e.getKey())) {
                continue;
            }
            heap.add(e);
            if (heap.size() > k) {
                heap.poll();
            }
        }
        List<Map.Entry<String, Double>> best = new ArrayList<>(heap);
        best.sort(BEST_FIRST);
        List<String> ids = new ArrayList<>(best.size());
        for (Map.Entry<String, Double> e : best) {
            ids.add(e.getKey());
        }
        return ids;
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
}
