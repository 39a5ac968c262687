package dev.perch.core.recommend;

/**
 * Scores a block of candidates in one call (the DJL ranking model, or {@link WeightedSumScorer}
 * when no model is loaded). Implementations must be safe to call from several threads.
 */
public interface CandidateScorer {
    /** The version recorded in every list this scorer ranked (the model artifact's version). */
    String version();

    /**
     * One score per row of {@code features}, higher is better; rows have {@link
     * RankingFeatures#COUNT} columns.
     */
    float[] score(FeatureMatrix features);
}
