package dev.perch.core.recommend;

import java.util.Arrays;
import java.util.Objects;

/**
 * A fixed linear score over {@link RankingFeatures}: the ranking used before any model is trained
 * and the reference the trained ranker must beat.
 */
public final class WeightedSumScorer implements CandidateScorer {
    /**
     * Followers of the latest items, vector match, co-visitation, re-visits and closeness in text
     * first, then trending and popularity as tie-breakers. The behavioural weights are chosen on
     * validation data (see docs/evaluation); this is only the fallback when no trained ranker is
     * loaded.
     */
    public static final WeightedSumScorer DEFAULT =
            new WeightedSumScorer(
                    "heuristic-v3",
                    new float[] {
                        1.0f,
                        0.5f,
                        1.0f,
                        1.5f,
                        0.3f,
                        0.05f,
                        0.5f,
                        0f,
                        0f,
                        0f, // v1 columns
                        2.0f,
                        1.0f,
                        0f,
                        0f,
                        0f, // follows, revisit, count, recency, is-last
                        0f,
                        0f, // sequence score, has sequence score
                        1.0f // text similarity
                    });

    private final String version;
    private final float[] weights;

    public WeightedSumScorer(String version, float[] weights) {
        this.version = Objects.requireNonNull(version, "version");
        if (weights.length != RankingFeatures.COUNT) {
            throw new IllegalArgumentException(
                    "need " + RankingFeatures.COUNT + " weights, got " + weights.length);
        }
        this.weights = weights.clone();
    }

    /** A copy of the weights, in {@link RankingFeatures#NAMES} order. */
    public float[] weights() {
        return weights.clone();
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public float[] score(FeatureMatrix features) {
        if (features.columns() != weights.length) {
            throw new IllegalArgumentException(
                    "expected " + weights.length + " features, got " + features.columns());
        }
        float[] scores = new float[features.rows()];
        for (int row = 0; row < scores.length; row++) {
            float sum = 0;
            for (int column = 0; column < weights.length; column++) {
                sum += weights[column] * features.get(row, column);
            }
            scores[row] = sum;
        }
        return scores;
    }

    @Override
    public String toString() {
        return "WeightedSumScorer[" + version + ", " + Arrays.toString(weights) + "]";
    }
}
