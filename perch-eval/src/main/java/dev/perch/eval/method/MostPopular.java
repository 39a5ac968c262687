package dev.perch.eval.method;

import dev.perch.core.itemstats.PopularityCounter;
import dev.perch.core.recommend.ScoredId;
import dev.perch.eval.data.Interaction;
import java.util.ArrayList;
import java.util.List;

/**
 * The all-time most popular items (one count per event), counted with perch-core's {@link
 * PopularityCounter}: the same list for everyone.
 */
public final class MostPopular implements Method, ItemScorer {
    private final PopularityCounter counter = new PopularityCounter(Integer.MAX_VALUE);

    @Override
    public String name() {
        return "most-popular";
    }

    @Override
    public void learn(Interaction event, List<String> before) {
        counter.add(event.item(), 1);
    }

    @Override
    public List<String> recommend(Query query, int k) {
        List<String> list = new ArrayList<>(k);
        int asked = k;
        while (true) {
            List<ScoredId> top = counter.top(asked);
            list.clear();
            for (ScoredId scored : top) {
                if (query.allowed().test(scored.itemId())) {
                    list.add(scored.itemId());
                    if (list.size() == k) {
                        return list;
                    }
                }
            }
            if (top.size() < asked) {
                return list;
            }
            asked *= 4;
        }
    }

    @Override
    public double score(Query query, String item) {
        return counter.count(item);
    }
}
