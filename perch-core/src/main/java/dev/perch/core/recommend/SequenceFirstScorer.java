package dev.perch.core.recommend;

import java.util.Objects;

/**
 * Ranks by the sequence model's score wherever the model scored the candidate, and the rest after
 * them by a fallback scorer: the scorer of a pipeline that has a sequence model but no learned
 * ranker. Scores of the fallback tier are shifted below every sequence score.
 */
public final class SequenceFirstScorer implements CandidateScorer {
    /** How far below the sequence scores the fallback tier is put. */
    static final float FALLBACK_OFFSET = -1e4f;

    private final CandidateScorer fallback;
    private final String version;

    /**
     * @param version the version recorded in the lists (the sequence model's)
     * @param fallback the scorer of candidates the sequence model did not score
     */
    public SequenceFirstScorer(String version, CandidateScorer fallback) {
        this.version = Objects.requireNonNull(version, "version");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public float[] score(FeatureMatrix features) {
        float[] scores = fallback.score(features);
        for (int row = 0; row < scores.length; row++) {
            if (features.get(row, RankingFeatures.HAS_SEQUENCE_SCORE) > 0) {
                scores[row] = features.get(row, RankingFeatures.SEQUENCE_SCORE);
            } else {
                scores[row] += FALLBACK_OFFSET;
            }
        }
        return scores;
    }
}
