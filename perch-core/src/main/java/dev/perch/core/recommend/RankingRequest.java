package dev.perch.core.recommend;

import dev.perch.events.UserState;
import java.util.List;

/**
 * The candidates of one user ready to score: their catalog facts and their feature rows, in the
 * same order.
 *
 * @param user the state ranked for, null for an unknown user
 * @param candidates the admitted candidates
 * @param facts the catalog facts of each candidate
 * @param features one row of {@link RankingFeatures} per candidate
 */
public record RankingRequest(
        UserState user, List<Candidate> candidates, List<ItemFacts> facts, FeatureMatrix features) {

    /** The number of candidates to score. */
    public int size() {
        return candidates.size();
    }
}
