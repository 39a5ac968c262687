package dev.perch.core.itemstats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.recommend.ScoredId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PopularityCounterTest {
    @Test
    @DisplayName("the incremental top list equals a full sort of the counts after every event")
    void topIsExact() {
        PopularityCounter counter = new PopularityCounter(10);
        Map<String, Double> reference = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            String item = "i" + (int) Math.abs(random.nextGaussian() * 40);
            double weight = 1 + random.nextInt(3);
            counter.add(item, weight);
            reference.merge(item, weight, Double::sum);
            if (i % 97 == 0) {
                assertThat(counter.top(10)).isEqualTo(sorted(reference, 10));
            }
        }
        assertThat(counter.top(10)).isEqualTo(sorted(reference, 10));
        assertThat(counter.items()).isEqualTo(reference.size());
    }

    private static List<ScoredId> sorted(Map<String, Double> counts, int n) {
        return counts.entrySet().stream()
                .map(e -> new ScoredId(e.getKey(), e.getValue()))
                .sorted(
                        Comparator.comparingDouble(ScoredId::score)
                                .reversed()
                                .thenComparing(ScoredId::itemId))
                .limit(n)
                .toList();
    }
}
