package dev.perch.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The model's order of a request's candidates, which every list is cut from. */
class ModelOrderTest {
    @Test
    @DisplayName(
            "candidates are ordered by score, highest first, NaN last with negative infinity, 0.0"
                    + " before -0.0, equal scores by item id: the order of the comparator sort")
    void ordersAsTheComparatorDid() {
        Random random = new Random(7);
        float[] special = {
            Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0f, -0f, 1f, -1f
        };
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(300);
            int offset = random.nextInt(5);
            float[] scores = new float[offset + n];
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                // few distinct values, so many ties; some special values
                scores[offset + i] =
                        random.nextInt(10) == 0
                                ? special[random.nextInt(special.length)]
                                : random.nextInt(20) / 4f - 2f;
                ids[i] = "item-" + random.nextInt(1_000_000);
            }
            List<String> itemIds = Arrays.asList(ids);
            Comparator<Integer> byItemId = Comparator.comparing(itemIds::get);
            double[] model = new double[n];
            for (int i = 0; i < n; i++) {
                model[i] =
                        Float.isNaN(scores[offset + i])
                                ? Double.NEGATIVE_INFINITY
                                : scores[offset + i];
            }
            Integer[] expected = IntStream.range(0, n).boxed().toArray(Integer[]::new);
            Arrays.sort(
                    expected,
                    Comparator.<Integer>comparingDouble(i -> -model[i]).thenComparing(byItemId));

            int[] order = Recommender.byModelScore(scores, offset, n, byItemId);

            assertThat(order).containsExactly(Arrays.stream(expected).mapToInt(i -> i).toArray());
        }
    }
}
