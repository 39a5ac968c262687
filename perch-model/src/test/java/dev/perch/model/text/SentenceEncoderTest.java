package dev.perch.model.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SentenceEncoderTest {
    private static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.load();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    @DisplayName("embeddings are 384-dimensional and unit length, one per text, in order")
    void unitLength() {
        List<float[]> vectors =
                encoder.encode(List.of("red running shoes", "a wool winter coat", "x"));
        assertThat(vectors).hasSize(3);
        for (float[] v : vectors) {
            assertThat(v).hasSize(SentenceEncoder.DIMENSION);
            assertThat(dot(v, v)).isCloseTo(1.0, within(1e-4));
        }
        assertThat(dot(vectors.get(0), encoder.encode("red running shoes")))
                .isCloseTo(1.0, within(1e-4));
    }

    @Test
    @DisplayName("paraphrases are close and unrelated sentences are far apart")
    void paraphrasesClose() {
        float[] eating = encoder.encode("A man is eating food.");
        float[] bread = encoder.encode("A man is eating a piece of bread.");
        float[] guitar = encoder.encode("A man is playing the guitar on stage.");
        float[] sneakers = encoder.encode("lightweight trainers for jogging");
        float[] running = encoder.encode("running shoes");
        float[] tablecloth = encoder.encode("linen tablecloth for the dining room");
        assertThat(dot(eating, bread)).isGreaterThan(0.6);
        assertThat(dot(eating, guitar)).isLessThan(0.3);
        assertThat(dot(running, sneakers)).isGreaterThan(dot(running, tablecloth) + 0.3);
    }

    @Test
    @DisplayName("padding in a batch does not change a text's embedding")
    void batchEqualsSingle() {
        String shortText = "hat";
        String longText = "a very long description of a warm knitted hat with a pompom on top";
        List<float[]> batch = encoder.encode(List.of(shortText, longText));
        assertThat(dot(batch.get(0), encoder.encode(shortText))).isCloseTo(1.0, within(1e-5));
        assertThat(dot(batch.get(1), encoder.encode(longText))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    @DisplayName("equals langchain4j's own all-MiniLM-L6-v2 embedding model on the same sentences")
    void matchesLangchain4j() {
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        for (String text :
                List.of(
                        "Toy Story (1995). Animation > Children's > Comedy",
                        "red running shoes under 50",
                        "The quick brown fox jumps over the lazy dog.")) {
            float[] expected = reference.embed(text).content().vector();
            float[] actual = encoder.encode(text);
            assertThat(actual).hasSize(expected.length);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i])
                        .as("component %d of '%s'", i, text)
                        .isCloseTo(expected[i], within(1e-4f));
            }
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
