package dev.perch.eval.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TopKTest {
    /** The reference: sort everything, best first, ties by id. */
    private static List<String> sorted(Map<String, Double> scores, int k) {
        List<Map.Entry<String, Double>> all = new ArrayList<>(scores.entrySet());
        all.sort(TopK.BEST_FIRST);
        return all.stream().limit(k).map(Map.Entry::getKey).toList();
    }

    @Test
    @DisplayName(
            "the primitive heap returns exactly the fully sorted top k, ties broken by item id, on"
                    + " random scores with many ties")
    void matchesFullSort() {
        Random random = new Random(3);
        for (int round = 0; round < 50; round++) {
            Map<String, Double> scores = new HashMap<>();
            int n = 1 + random.nextInt(2_000);
            for (int i = 0; i < n; i++) {
                scores.put("i" + random.nextInt(5_000), (double) random.nextInt(50));
            }
            int k = 1 + random.nextInt(30);

            assertThat(TopK.of(scores, k, id -> true)).isEqualTo(sorted(scores, k));
        }
    }

    @Test
    @DisplayName("the array form equals the map form and honours the filter")
    void arrayFormAndFilter() {
        Random random = new Random(5);
        int n = 60_000;
        double[] scores = new double[n];
        String[] names = new String[n];
        Map<String, Double> map = new HashMap<>();
        for (int i = 0; i < n; i++) {
            scores[i] = random.nextGaussian();
            names[i] = "item" + i;
            map.put(names[i], scores[i]);
        }

        List<String> top = TopK.of(scores, names, 20, id -> !id.endsWith("7"));
        assertThat(top).isEqualTo(TopK.of(map, 20, id -> !id.endsWith("7")));
        assertThat(top).hasSize(20).noneMatch(id -> id.endsWith("7"));
    }

    @Test
    @DisplayName(
            "k larger than the candidates returns them all; k = 0 returns none; NaN is skipped")
    void edges() {
        Map<String, Double> scores = Map.of("a", 1.0, "b", 2.0, "c", Double.NaN);

        assertThat(TopK.of(scores, 10, id -> true)).containsExactly("b", "a");
        assertThat(TopK.of(scores, 0, id -> true)).isEmpty();
    }
}
