package dev.perch.model.train;

import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.RankingRequest;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.ScoredId;
import dev.perch.model.RankerKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ranks the same held-out requests with every contender (the trained ranker, the fixed weights, the
 * sequence model's own order) and names the one with the best NDCG at the cut-off: what the
 * artifact ships, so that a ranker that learnt less than the rules it was meant to improve on never
 * goes into service. Ties go to the contender put first. Beside them it keeps what every contender
 * is read against: popularity's list and the candidate recall (how often the target was gathered).
 */
final class RankerChoice {
    private final Map<RankerKind, CandidateScorer> contenders;
    private final Map<RankerKind, OfflineMetrics> metrics = new LinkedHashMap<>();
    private final OfflineMetrics popularity;
    private final int cutOff;
    private long found;

    /**
     * @param contenders the scorers to compare, in order of preference on a tie
     * @param cutOff the list length the metrics are taken at
     */
    RankerChoice(Map<RankerKind, CandidateScorer> contenders, int cutOff) {
        if (contenders.isEmpty()) {
            throw new IllegalArgumentException("no ranker to choose from");
        }
        this.contenders = new LinkedHashMap<>(contenders);
        this.cutOff = cutOff;
        this.popularity = new OfflineMetrics(cutOff);
        contenders.keySet().forEach(kind -> metrics.put(kind, new OfflineMetrics(cutOff)));
    }

    /**
     * Ranks {@code request} with every contender and scores each list, and {@code popular} (the
     * popular list at that moment), against {@code target}.
     */
    void add(
            Recommender recommender,
            RankingRequest request,
            String target,
            List<ScoredId> popular) {
        popularity.addScored(popular, target);
        if (PerchTrainer.indexOf(request, target) >= 0) {
            found++;
        }
        for (Map.Entry<RankerKind, CandidateScorer> contender : contenders.entrySet()) {
            float[] scores = contender.getValue().score(request.features());
            metrics.get(contender.getKey())
                    .addRecommended(recommender.finish(request, scores, 0, cutOff), target);
        }
    }

    /** How many held-out requests were ranked. */
    long events() {
        return metrics.values().iterator().next().events();
    }

    /** The contender with the best NDCG (the first one when nothing was held out). */
    RankerKind best() {
        RankerKind best = null;
        double bestNdcg = Double.NEGATIVE_INFINITY;
        for (Map.Entry<RankerKind, OfflineMetrics> entry : metrics.entrySet()) {
            if (entry.getValue().ndcg() > bestNdcg) {
                best = entry.getKey();
                bestNdcg = entry.getValue().ndcg();
            }
        }
        return best;
    }

    /**
     * {@code hr@10_<kind>} and {@code ndcg@10_<kind>} of every contender (the kind's id with '-' as
     * '_'), {@code hr@10_model} / {@code ndcg@10_model} of the one chosen, popularity's, the
     * candidate recall and {@code holdout_events_evaluated}; empty when nothing was ranked.
     */
    Map<String, Double> metrics() {
        Map<String, Double> out = new TreeMap<>();
        if (events() == 0) {
            return out;
        }
        for (Map.Entry<RankerKind, OfflineMetrics> entry : metrics.entrySet()) {
            String name = entry.getKey().id().replace('-', '_');
            out.put("hr@" + cutOff + "_" + name, entry.getValue().hitRate());
            out.put("ndcg@" + cutOff + "_" + name, entry.getValue().ndcg());
        }
        OfflineMetrics chosen = metrics.get(best());
        out.put("hr@" + cutOff + "_model", chosen.hitRate());
        out.put("ndcg@" + cutOff + "_model", chosen.ndcg());
        out.put("hr@" + cutOff + "_popularity", popularity.hitRate());
        out.put("ndcg@" + cutOff + "_popularity", popularity.ndcg());
        out.put("holdout_events_evaluated", (double) events());
        out.put("candidate_recall", (double) found / events());
        return out;
    }
}
