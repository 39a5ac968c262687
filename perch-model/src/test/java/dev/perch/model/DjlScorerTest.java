package dev.perch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.perch.core.recommend.FeatureMatrix;
import dev.perch.core.recommend.RankingFeatures;
import dev.perch.model.testing.PlantedClickStream;
import dev.perch.model.train.PerchTrainer;
import dev.perch.model.train.TrainSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The DJL scorer of a trained artifact")
class DjlScorerTest {
    @TempDir static Path out;
    static ModelArtifact artifact;
    static DjlScorer scorer;

    @BeforeAll
    static void trainAndLoad() throws Exception {
        PlantedClickStream stream = PlantedClickStream.generate(3);
        artifact =
                new PerchTrainer("cpu", line -> {})
                        .trainedRankerOnly()
                        .train(stream.events(), stream.items(), TrainSettings.SMALL, out)
                        .artifact();
        scorer = DjlScorer.load(ModelArtifact.load(artifact.directory()), "cpu");
    }

    @AfterAll
    static void close() {
        scorer.close();
    }

    @Test
    @DisplayName("carries the artifact's version and runs on the CPU")
    void versionAndDevice() {
        assertThat(scorer.version()).isEqualTo(artifact.version());
        assertThat(scorer.device().getDeviceType()).isEqualTo("cpu");
    }

    @Test
    @DisplayName("one call for a whole block gives the same scores as one call per row")
    void batchEqualsRows() {
        FeatureMatrix block = TorchScriptRankerTest.randomFeatures(64, 1);
        float[] together = scorer.score(block);
        assertThat(together).hasSize(64);
        for (int row = 0; row < 64; row++) {
            float[] values = new float[RankingFeatures.COUNT];
            System.arraycopy(block.values(), row * RankingFeatures.COUNT, values, 0, values.length);
            float[] alone = scorer.score(new FeatureMatrix(values, 1, RankingFeatures.COUNT));
            assertThat(alone[0]).isCloseTo(together[row], within(1e-5f));
        }
    }

    @Test
    @DisplayName("an empty block scores to an empty array without calling the model")
    void emptyBlock() {
        assertThat(scorer.score(new FeatureMatrix(new float[0], 0, RankingFeatures.COUNT)))
                .isEmpty();
    }

    @Test
    @DisplayName("rows of another width are refused")
    void wrongWidth() {
        assertThatThrownBy(() -> scorer.score(new FeatureMatrix(new float[6], 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RankingFeatures.COUNT + " feature columns");
    }

    @Test
    @DisplayName("concurrent callers get the same scores as a single caller")
    void threadSafe() throws Exception {
        List<FeatureMatrix> blocks = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            FeatureMatrix block = TorchScriptRankerTest.randomFeatures(50 + i, 100 + i);
            blocks.add(block);
            expected.add(scorer.score(block));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < blocks.size(); i++) {
                    int b = i;
                    checks.add(
                            pool.submit(
                                    () ->
                                            Arrays.equals(
                                                    scorer.score(blocks.get(b)), expected.get(b))));
                }
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("two loads of the same artifact score identically")
    void reloadIsStable() throws Exception {
        FeatureMatrix block = TorchScriptRankerTest.randomFeatures(20, 9);
        try (DjlScorer again = DjlScorer.load(artifact, "cpu")) {
            assertThat(again.score(block)).containsExactly(scorer.score(block));
        }
    }

    @Test
    @DisplayName("a closed scorer refuses to score")
    void closed() throws Exception {
        DjlScorer closing = DjlScorer.load(artifact, "cpu");
        closing.close();
        assertThatThrownBy(() -> closing.score(TorchScriptRankerTest.randomFeatures(2, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    @DisplayName("an unknown device name is refused")
    void unknownDevice() {
        assertThatThrownBy(() -> DjlScorer.load(artifact, "tpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown device 'tpu'");
        assertThat(Djl.device("cuda:1").getDeviceId()).isEqualTo(1);
        assertThat(Djl.device("GPU").isGpu()).isTrue();
    }
}
