package dev.perch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.FeatureMatrix;
import dev.perch.core.recommend.RankingFeatures;
import dev.perch.core.recommend.WeightedSumScorer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName(
        "An artifact's fixed-weight ranker: written as ranker.json, loaded as the trainer chose")
class ArtifactRankerTest {
    @TempDir Path parent;

    @Test
    @DisplayName("a weighted-sum artifact scores with its own weights under the artifact's version")
    void weightedSumLoads() throws Exception {
        float[] weights = new float[RankingFeatures.COUNT];
        weights[RankingFeatures.SEQUENCE_SCORE] = 2f;
        weights[0] = -1f;
        Path file = Files.createTempFile(parent, "ranker", ".json");
        ArtifactRanker.writeWeights(file, weights);
        ModelArtifact artifact =
                ModelArtifactTest.write(
                        parent, "v1", RankerKind.WEIGHTED_SUM, Files.readAllBytes(file));

        CandidateScorer scorer = ArtifactRanker.load(artifact, "cpu");

        FeatureMatrix rows = rows(new float[] {0.5f, 1f}, new float[] {3f, 0f});
        assertThat(scorer.version()).isEqualTo("v1");
        assertThat(scorer.score(rows))
                .containsExactly(new WeightedSumScorer("x", weights).score(rows))
                .containsExactly(-0.5f + 2f, -3f);
    }

    @Test
    @DisplayName(
            "a ranker.json of the wrong length, with a missing weight or not JSON is refused,"
                    + " naming the file")
    void badWeightsRefused() throws Exception {
        String needs = RankingFeatures.COUNT + " finite weights";
        assertRefused("short", "{\"weights\":[1.0,2.0]}", needs);
        String withNull =
                "{\"weights\":[null"
                        + ",1.0".repeat(RankingFeatures.COUNT - 1)
                        + "]}"; // the right length, one weight missing
        assertRefused("null", withNull, needs);
        assertRefused("garbage", "not json", "unreadable ranker file");
    }

    private void assertRefused(String version, String rankerJson, String message) throws Exception {
        ModelArtifact artifact =
                ModelArtifactTest.write(
                        parent,
                        version,
                        RankerKind.WEIGHTED_SUM,
                        rankerJson.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ArtifactRanker.load(artifact, "cpu"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("ranker.json")
                .hasMessageContaining(message);
    }

    @Test
    @DisplayName("a sequence-first ranker without the artifact's sequence model is refused")
    void sequenceFirstNeedsASequenceModel() {
        assertThatThrownBy(
                        () ->
                                ModelArtifactTest.write(
                                        parent,
                                        "v1",
                                        RankerKind.SEQUENCE_FIRST,
                                        "{\"weights\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("needs the artifact's sequence model");
    }

    @Test
    @DisplayName(
            "sequence-first ranks the candidates the sequence model scored by its score, the rest"
                    + " after them by the weights")
    void sequenceFirstOrder() {
        float[] weights = new float[RankingFeatures.COUNT];
        weights[0] = 1f;
        CandidateScorer scorer = ArtifactRanker.fixed(RankerKind.SEQUENCE_FIRST, "v1", weights);
        float[] scored = new float[RankingFeatures.COUNT];
        scored[0] = 0f;
        scored[RankingFeatures.HAS_SEQUENCE_SCORE] = 1f;
        scored[RankingFeatures.SEQUENCE_SCORE] = -3f;
        float[] unscored = new float[RankingFeatures.COUNT];
        unscored[0] = 100f;
        float[] scores =
                scorer.score(new FeatureMatrix(concat(scored, unscored), 2, RankingFeatures.COUNT));
        assertThat(scores[0]).isEqualTo(-3f);
        assertThat(scores[1]).isLessThan(scores[0]);
        assertThatThrownBy(() -> ArtifactRanker.fixed(RankerKind.DJL, "v1", weights))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Rows whose first column and sequence-score column are {@code {first, sequence}}. */
    private static FeatureMatrix rows(float[]... values) {
        float[] all = new float[values.length * RankingFeatures.COUNT];
        for (int row = 0; row < values.length; row++) {
            all[row * RankingFeatures.COUNT] = values[row][0];
            all[row * RankingFeatures.COUNT + RankingFeatures.SEQUENCE_SCORE] = values[row][1];
        }
        return new FeatureMatrix(all, values.length, RankingFeatures.COUNT);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] all = new float[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
