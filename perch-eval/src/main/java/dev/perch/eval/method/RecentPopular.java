package dev.perch.eval.method;

import dev.perch.eval.data.Interaction;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The most popular items among the last {@code window} learnt events (a sliding count). */
public final class RecentPopular implements Method {
    private final int window;
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private final Map<String, Double> counts = new HashMap<>();
    private List<String> cached;
    private int cachedFor;

    public RecentPopular(int window) {
        this.window = window;
    }

    @Override
    public String name() {
        return "recent-popular";
    }

    @Override
    public void learn(Interaction event, List<String> before) {
        recent.addLast(event.item());
        counts.merge(event.item(), 1.0, Double::sum);
        if (recent.size() > window) {
            String old = recent.pollFirst();
            if (counts.merge(old, -1.0, Double::sum) <= 0) {
                counts.remove(old);
            }
        }
        cached = null;
    }

    @Override
    public List<String> recommend(Query query, int k) {
        if (cached == null || cachedFor < k + query.history().size()) {
            cachedFor = Math.max(100, 2 * (k + query.history().size()));
            cached = TopK.of(counts, cachedFor, item -> true);
        }
        List<String> list = TopK.fill(List.of(), cached, k, query.allowed());
        return list.size() == k ? list : TopK.of(counts, k, query.allowed());
    }
}
