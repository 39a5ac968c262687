package dev.perch.core.recommend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.core.recommend.ScoredId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExactNearestTest {
    @Test
    @DisplayName("the top-k by inner product equals a brute-force sort of every item")
    void agreesWithBruteForce() {
        Random random = new Random(11);
        Map<String, float[]> embeddings = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            float[] v = new float[16];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) random.nextGaussian();
            }
            embeddings.put("i" + i, v);
        }
        ExactNearest index = new ExactNearest(embeddings);
        for (int q = 0; q < 20; q++) {
            float[] query = embeddings.get("i" + random.nextInt(2_000));
            List<String> expected =
                    embeddings.entrySet().stream()
                            .map(e -> new ScoredId(e.getKey(), dot(query, e.getValue())))
                            .sorted(Comparator.comparingDouble(ScoredId::score).reversed())
                            .limit(10)
                            .map(ScoredId::itemId)
                            .toList();
            assertThat(index.nearest(query, 10)).extracting(ScoredId::itemId).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("embeddings of different dimensions are refused")
    void refusesMixedDimensions() {
        assertThatThrownBy(() -> new ExactNearest(Map.of("a", new float[2], "b", new float[3])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimensions");
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
