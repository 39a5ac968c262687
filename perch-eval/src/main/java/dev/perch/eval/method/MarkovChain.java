package dev.perch.eval.method;

import dev.perch.eval.data.Interaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * First-order Markov chain: how often item b directly followed item a in the same user's or
 * session's sequence; the list is the most frequent followers of the last item (no fill-up).
 */
public final class MarkovChain implements Method {
    private final Map<String, Map<String, Double>> next = new HashMap<>();

    @Override
    public String name() {
        return "markov";
    }

    @Override
    public void learn(Interaction event, List<String> before) {
        if (!before.isEmpty()) {
            next.computeIfAbsent(before.get(before.size() - 1), a -> new HashMap<>())
                    .merge(event.item(), 1.0, Double::sum);
        }
    }

    @Override
    public List<String> recommend(Query query, int k) {
        Map<String, Double> followers = query.last() == null ? null : next.get(query.last());
        return followers == null ? List.of() : TopK.of(followers, k, query.allowed());
    }
}
