package dev.perch.eval.method;

import dev.perch.eval.data.Interaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequential rules (SR, Ludewig and Jannach 2018): a rule a to b for every a up to {@code steps}
 * positions before b in the same sequence, weighted 1/distance; the list follows the last item.
 */
public final class SequentialRules implements Method {
    private final int steps;
    private final Map<String, Map<String, Double>> rules = new HashMap<>();

    public SequentialRules(int steps) {
        this.steps = steps;
    }

    @Override
    public String name() {
        return "sequential-rules";
    }

    @Override
    public void learn(Interaction event, List<String> before) {
        for (int d = 1; d <= steps && d <= before.size(); d++) {
            rules.computeIfAbsent(before.get(before.size() - d), a -> new HashMap<>())
                    .merge(event.item(), 1.0 / d, Double::sum);
        }
    }

    @Override
    public List<String> recommend(Query query, int k) {
        Map<String, Double> scores = query.last() == null ? null : rules.get(query.last());
        return scores == null ? List.of() : TopK.of(scores, k, query.allowed());
    }
}
