package dev.perch.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.recommend.RankingFeatures;
import dev.perch.events.Item;
import dev.perch.model.ModelArtifact;
import dev.perch.model.testing.PlantedClickStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Training with the catalog's text embeddings")
class TextTrainingTest {
    @TempDir static Path out;
    static ModelArtifact withText;
    static ModelArtifact withoutText;
    static Map<String, float[]> text;

    @BeforeAll
    static void train() throws Exception {
        PlantedClickStream stream = PlantedClickStream.generate(11);
        text = textByCategory(stream.items(), 5);
        // the DJL ranker's feature means are what these tests read
        PerchTrainer trainer = new PerchTrainer("cpu", line -> {}).trainedRankerOnly();
        withText =
                trainer.train(
                                stream.events(),
                                stream.items(),
                                text,
                                TrainSettings.SMALL,
                                null,
                                out.resolve("text"))
                        .artifact();
        withoutText =
                trainer.train(
                                stream.events(),
                                stream.items(),
                                TrainSettings.SMALL,
                                out.resolve("no"))
                        .artifact();
    }

    @Test
    @DisplayName(
            "the ranker learns on rows whose text_similarity is the live feature, not a column of"
                    + " zeros")
    void rankerSeesTextSimilarity() {
        float mean = featureMean(withText, RankingFeatures.TEXT_SIMILARITY);
        // users stay in their favourite category and the text groups items by category, so the
        // candidates' cosine to the user's recent text is clearly positive on average
        assertThat(mean).isGreaterThan(0.1f);
        assertThat(featureMean(withoutText, RankingFeatures.TEXT_SIMILARITY)).isZero();
        assertThat(withText.metrics()).containsEntry("text_items", (double) text.size());
        assertThat(withoutText.metrics()).containsEntry("text_items", 0.0);
    }

    @Test
    @DisplayName("a model trained with text has another version than one trained without")
    void versionNamesTheText() {
        assertThat(withText.version()).isNotEqualTo(withoutText.version());
    }

    private static float featureMean(ModelArtifact artifact, int column) {
        return artifact.manifest().ranker().featureMean().get(column);
    }

    /** Unit vectors that point to the item's category, with a little noise. */
    private static Map<String, float[]> textByCategory(List<Item> items, int categories) {
        Random random = new Random(5);
        Map<String, float[]> vectors = new HashMap<>();
        for (Item item : items) {
            String id = item.getItemId().toString();
            String category = PlantedClickStream.categoryOf(id);
            float[] v = new float[categories + 3];
            for (int c = 0; c < categories; c++) {
                if (PlantedClickStream.category(c).equals(category)) {
                    v[c] = 1f;
                }
            }
            double norm = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (0.2 * random.nextGaussian());
                norm += v[i] * v[i];
            }
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) Math.sqrt(norm);
            }
            vectors.put(id, v);
        }
        return vectors;
    }
}
