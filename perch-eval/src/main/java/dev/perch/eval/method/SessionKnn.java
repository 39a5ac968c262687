package dev.perch.eval.method;

import dev.perch.eval.data.Interaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * V-SKNN (Ludewig and Jannach 2018): past sessions sharing items with the current one, weighted by
 * where in the current session the shared items sit (linear decay, the newest counts 1), the {@code
 * neighbors} most similar of the {@code sampleSize} most recent candidate sessions; an item scores
 * the summed similarity of the neighbours containing it. The current history is capped at its last
 * {@link Method#CONTEXT} items, so user histories behave like sessions.
 */
public final class SessionKnn implements Method {
    private final int neighbors;
    private final int sampleSize;
    private final Map<String, Integer> sessionIds = new HashMap<>();
    private final List<List<String>> sessionItems = new ArrayList<>();
    private final Map<String, IntList> sessionsOfItem = new HashMap<>();

    public SessionKnn(int neighbors, int sampleSize) {
        this.neighbors = neighbors;
        this.sampleSize = sampleSize;
    }

    @Override
    public String name() {
        return "v-sknn";
    }

    @Override
    public void learn(Interaction event, List<String> before) {
        Integer id = sessionIds.get(event.session());
        if (id == null) {
            id = sessionItems.size();
            sessionIds.put(event.session(), id);
            sessionItems.add(new ArrayList<>(4));
        }
        List<String> items = sessionItems.get(id);
        if (!items.contains(event.item())) {
            items.add(event.item());
            sessionsOfItem.computeIfAbsent(event.item(), i -> new IntList()).add(id);
        }
    }

    @Override
    public List<String> recommend(Query query, int k) {
        List<String> history = query.history();
        int from = Math.max(0, history.size() - CONTEXT);
        List<String> current = history.subList(from, history.size());
        Map<String, Double> weightOf = new HashMap<>();
        for (int i = 0; i < current.size(); i++) {
            weightOf.put(current.get(i), (i + 1.0) / current.size());
        }
        Integer own = sessionIds.get(query.user());
        Map<Integer, Double> similarity = new HashMap<>();
        for (Map.Entry<String, Double> shared : weightOf.entrySet()) {
            IntList sessions = sessionsOfItem.get(shared.getKey());
            if (sessions == null) {
                continue;
            }
            for (int i = sessions.size() - 1, taken = 0;
                    i >= 0 && taken < sampleSize;
                    i--, taken++) {
                int s = sessions.get(i);
                if (own == null || s != own) {
                    similarity.merge(s, shared.getValue(), Double::sum);
                }
            }
        }
        List<Map.Entry<Integer, Double>> nearest = new ArrayList<>(similarity.entrySet());
        if (nearest.size() > sampleSize) {
            nearest.sort(Map.Entry.<Integer, Double>comparingByKey().reversed());
            nearest = nearest.subList(0, sampleSize);
        }
        nearest.sort(
                Map.Entry.<Integer, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.<Integer, Double>comparingByKey().reversed()));
        Map<String, Double> scores = new HashMap<>();
        for (int n = 0; n < nearest.size() && n < neighbors; n++) {
            Map.Entry<Integer, Double> neighbor = nearest.get(n);
            for (String item : sessionItems.get(neighbor.getKey())) {
                scores.merge(item, neighbor.getValue(), Double::sum);
            }
        }
        return TopK.of(scores, k, query.allowed());
    }

    /** A growable list of ints (session ids per item, oldest first). */
    private static final class IntList {
        private int[] values = new int[4];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }
    }
}
