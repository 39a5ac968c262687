package dev.perch.eval.method;

import dev.perch.eval.data.Interaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Session popularity (S-POP): the items of the current history by how often they occur in it (more
 * recent wins a tie), then the all-time most popular items.
 */
public final class SessionPopular implements Method {
    private final MostPopular global = new MostPopular();

    @Override
    public String name() {
        return "session-popular";
    }

    @Override
    public void learn(Interaction event, List<String> before) {
        global.learn(event, before);
    }

    @Override
    public List<String> recommend(Query query, int k) {
        Map<String, Double> scores = new HashMap<>();
        List<String> history = query.history();
        for (int i = 0; i < history.size(); i++) {
            scores.merge(history.get(i), 1.0 + (i + 1) * 1e-6, Double::sum);
        }
        List<String> own = TopK.of(scores, k, query.allowed());
        return TopK.fill(own, global.recommend(query, k + own.size()), k, query.allowed());
    }
}
