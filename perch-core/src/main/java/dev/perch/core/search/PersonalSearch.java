package dev.perch.core.search;

import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.ScoredId;
import dev.perch.events.Item;
import dev.perch.events.UserState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Hybrid, personalised search, the same in the model server and the evaluator: the lexical (BM25)
 * and semantic (nearest text embeddings) hits that pass the understood filters are fused by
 * reciprocal rank, the best {@code pool} are scored for the shopper by the recommender's own
 * features and model, and that personal order is fused in as a third list. An unknown user's third
 * list is the unpersonalised ranking (popularity, trending).
 */
public final class PersonalSearch {
    /** How many fused hits are re-ranked for the shopper. */
    public static final int DEFAULT_POOL = 100;

    private final Recommender recommender;
    private final Function<String, Optional<Item>> items;
    private final int pool;
    private final double personalWeight;

    /**
     * @param recommender the pipeline whose model re-ranks (its catalog decides availability)
     * @param items the catalog records the filters are checked on
     * @param pool how many fused hits are re-ranked
     * @param personalWeight the weight of the shopper's order against lexical and semantic (1
     *     each); 0 turns personalisation off
     */
    public PersonalSearch(
            Recommender recommender,
            Function<String, Optional<Item>> items,
            int pool,
            double personalWeight) {
        this.recommender = Objects.requireNonNull(recommender, "recommender");
        this.items = Objects.requireNonNull(items, "items");
        if (pool <= 0) {
            throw new IllegalArgumentException("pool must be positive: " + pool);
        }
        this.pool = pool;
        if (personalWeight < 0) {
            throw new IllegalArgumentException("personalWeight must not be negative");
        }
        this.personalWeight = personalWeight;
    }

    /**
     * The best {@code k} items for {@code user} (null: unknown).
     *
     * @param query what was understood of the shopper's words
     * @param lexical BM25 hits, best first
     * @param semantic nearest text embeddings to the query, best first
     */
    public List<ScoredId> search(
            UserState user,
            UnderstoodQuery query,
            List<String> lexical,
            List<String> semantic,
            int k) {
        List<ReciprocalRankFusion.Fused> fused =
                ReciprocalRankFusion.fuse(
                        List.of(admitted(query, lexical), admitted(query, semantic)),
                        new double[] {1, 1});
        Map<String, Double> relevance = new LinkedHashMap<>();
        double best = fused.isEmpty() ? 1 : fused.get(0).score();
        for (ReciprocalRankFusion.Fused hit : fused) {
            if (relevance.size() >= pool) {
                break;
            }
            relevance.put(hit.itemId(), hit.score() / best);
        }
        List<ScoredId> ranked = recommender.rank(user, new ArrayList<>(relevance.keySet()));
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (ScoredId scored : ranked) {
            if (Double.isFinite(scored.score())) {
                max = Math.max(max, scored.score());
                min = Math.min(min, scored.score());
            }
        }
        double span = max > min ? max - min : 0;
        List<ScoredId> out = new ArrayList<>(ranked.size());
        for (ScoredId scored : ranked) {
            double personal =
                    span > 0 && Double.isFinite(scored.score()) ? (scored.score() - min) / span : 0;
            out.add(
                    new ScoredId(
                            scored.itemId(),
                            relevance.get(scored.itemId()) + personalWeight * personal));
        }
        out.sort(
                Comparator.comparingDouble(ScoredId::score)
                        .reversed()
                        .thenComparing(ScoredId::itemId));
        return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
    }

    private List<String> admitted(UnderstoodQuery query, List<String> hits) {
        List<String> out = new ArrayList<>(hits.size());
        for (String id : hits) {
            Optional<Item> item = items.apply(id);
            if (item.isPresent() && item.get().getAvailable() && query.admits(item.get())) {
                out.add(id);
            }
        }
        return out;
    }
}
