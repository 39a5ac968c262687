package dev.perch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.perch.core.recommend.FeatureMatrix;
import dev.perch.core.recommend.RankingFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A TorchScript ranker (trained outside Java)")
class TorchScriptRankerTest {
    static final float[] WEIGHT = {
        0.5f, -1f, 2f, 0.25f, 0f, 1.5f, -0.5f, 3f, 0.1f, -2f, 0.75f, -0.25f, 1.25f, 0.2f, -1.5f,
        0.3f, -0.2f, 0.6f
    };
    static final float BIAS = 0.75f;

    @TempDir Path parent;

    @ParameterizedTest(name = "output [n{0}]")
    @ValueSource(booleans = {false, true})
    @DisplayName(
            "scores float32 [n, RankingFeatures.COUNT] rows in RankingFeatures order, output [n] or"
                    + " [n, 1]")
    void scoresLikeTheModule(boolean column) throws Exception {
        ModelArtifact artifact = torchScriptArtifact(column);
        assertThat(artifact.rankerKind()).isEqualTo("torchscript");
        FeatureMatrix features = randomFeatures(37, 5);
        try (DjlScorer scorer = DjlScorer.load(artifact, "cpu")) {
            float[] scores = scorer.score(features);
            assertThat(scorer.version()).isEqualTo("ts1");
            assertThat(scores).hasSize(37);
            for (int row = 0; row < 37; row++) {
                double expected = BIAS;
                for (int c = 0; c < RankingFeatures.COUNT; c++) {
                    expected += features.get(row, c) * WEIGHT[c];
                }
                assertThat((double) scores[row]).isCloseTo(expected, within(1e-4));
            }
        }
    }

    @Test
    @DisplayName("a ranker.pt that is not TorchScript is refused with a clear message")
    void garbageIsRefused() throws Exception {
        ModelArtifact base =
                ModelArtifactTest.write(parent, "base", RankerKind.DJL, new byte[] {1});
        Path notTorchScript = parent.resolve("model.pt");
        Files.writeString(notTorchScript, "this is not a TorchScript archive");
        ModelArtifact artifact =
                ArtifactWriter.importTorchScript(base, notTorchScript, "bad", Map.of(), parent);
        assertThatThrownBy(() -> DjlScorer.load(artifact, "cpu"))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("unreadable model file")
                .hasMessageContaining("ranker.pt");
    }

    private ModelArtifact torchScriptArtifact(boolean column) throws Exception {
        ModelArtifact base =
                ModelArtifactTest.write(parent, "base", RankerKind.DJL, new byte[] {1});
        Path pt = parent.resolve("linear.pt");
        TorchScriptFiles.writeLinear(pt, WEIGHT, BIAS, column);
        ModelArtifact artifact =
                ArtifactWriter.importTorchScript(base, pt, "ts1", Map.of("source", 1.0), parent);
        assertThat(artifact.readEmbeddings()).containsOnlyKeys("a", "b");
        return ModelArtifact.load(artifact.directory());
    }

    static FeatureMatrix randomFeatures(int rows, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * RankingFeatures.COUNT];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new FeatureMatrix(values, rows, RankingFeatures.COUNT);
    }
}
