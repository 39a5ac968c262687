package dev.perch.eval.method;

import dev.perch.core.itemstats.CoVisitationIndex;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.recommend.ScoredId;
import dev.perch.eval.data.Interaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Item-kNN by co-visitation: the strongest neighbours of the last item in perch-core's {@link
 * CoVisitationIndex} (the statistic Perch's item job keeps), without the rest of the pipeline.
 */
public final class CoVisitationKnn implements Method {
    private final CoVisitationIndex index;

    public CoVisitationKnn(CoVisitationSettings settings) {
        this.index = new CoVisitationIndex(settings);
    }

    @Override
    public String name() {
        return "item-knn-covisit";
    }

    @Override
    public void learn(Interaction event, List<String> before) {
        index.add(event.toClickEvent());
    }

    @Override
    public List<String> recommend(Query query, int k) {
        if (query.last() == null) {
            return List.of();
        }
        List<String> list = new ArrayList<>(k);
        for (ScoredId scored : index.neighbors(query.last(), Integer.MAX_VALUE)) {
            if (list.size() >= k) {
                break;
            }
            if (query.allowed().test(scored.itemId())) {
                list.add(scored.itemId());
            }
        }
        return list;
    }
}
