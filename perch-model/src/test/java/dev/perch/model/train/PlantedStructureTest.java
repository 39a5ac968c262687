package dev.perch.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.ModelArtifact;
import dev.perch.model.testing.PlantedClickStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Training on a click-stream with a planted category structure")
class PlantedStructureTest {
    @TempDir static Path out;
    static TrainResult result;

    @BeforeAll
    static void train() throws Exception {
        PlantedClickStream stream = PlantedClickStream.generate(11);
        result =
                new PerchTrainer("cpu", line -> System.out.println(line))
                        .train(stream.events(), stream.items(), TrainSettings.SMALL, out);
    }

    @Test
    @DisplayName("items of one category end up closer to each other than to other categories")
    void embeddingsGroupCategories() {
        Map<String, float[]> vectors = result.artifact().readEmbeddings();
        List<String> ids = new ArrayList<>(vectors.keySet());
        double intra = 0;
        double inter = 0;
        long intraPairs = 0;
        long interPairs = 0;
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                double cos = dot(vectors.get(ids.get(i)), vectors.get(ids.get(j)));
                if (PlantedClickStream.categoryOf(ids.get(i))
                        .equals(PlantedClickStream.categoryOf(ids.get(j)))) {
                    intra += cos;
                    intraPairs++;
                } else {
                    inter += cos;
                    interPairs++;
                }
            }
        }
        intra /= intraPairs;
        inter /= interPairs;
        System.out.printf("mean cosine intra %.3f inter %.3f%n", intra, inter);
        assertThat(intra).isGreaterThan(inter + 0.3);
    }

    @Test
    @DisplayName("the trained pipeline beats popularity on the held-out later events (HR@10)")
    void rankerBeatsPopularity() {
        Map<String, Double> metrics = result.artifact().metrics();
        System.out.println(metrics);
        assertThat(metrics.get("holdout_events_evaluated")).isGreaterThan(50);
        assertThat(metrics.get("hr@10_model")).isGreaterThan(metrics.get("hr@10_popularity") + 0.1);
    }

    @Test
    @DisplayName("the embedding loss falls over the epochs")
    void lossFalls() {
        List<Double> losses = result.embeddingLosses();
        assertThat(losses).hasSize(TrainSettings.SMALL.epochs());
        assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0));
        assertThat(result.artifact().dimension()).isEqualTo(16);
    }

    @Test
    @DisplayName(
            "the artifact ships the ranker that ranked the hold-out best and records every"
                    + " contender's metrics")
    void shipsTheBestRanker() {
        ModelArtifact artifact = result.artifact();
        Map<String, Double> metrics = artifact.metrics();
        assertThat(metrics).containsKeys("ndcg@10_djl", "ndcg@10_weighted_sum");
        String shipped = "ndcg@10_" + artifact.rankerKind().replace('-', '_');
        assertThat(metrics.get("ndcg@10_model"))
                .isEqualTo(metrics.get(shipped))
                .isGreaterThanOrEqualTo(metrics.get("ndcg@10_djl"))
                .isGreaterThanOrEqualTo(metrics.get("ndcg@10_weighted_sum"));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
