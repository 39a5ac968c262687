package dev.perch.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ScoreFloorTest {
    @Test
    @DisplayName("the sampled floor is reached by about twice k rows, and is none when too few")
    void reachedByAboutTwiceK() {
        int n = 8_000;
        int k = 100;
        float[] scores = new float[n + 3];
        List<Integer> ranks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ranks.add(i);
        }
        Collections.shuffle(ranks, new Random(3));
        for (int i = 0; i < n; i++) {
            scores[3 + i] = ranks.get(i); // distinct scores 0..n-1, from offset 3
        }
        float floor = ScoreFloor.sampled(scores, 3, n, k);
        long reaching = 0;
        for (int i = 0; i < n; i++) {
            if (scores[3 + i] >= floor) {
                reaching++;
            }
        }
        assertThat(reaching).isBetween(120L, 400L);
        // a sample of fewer than four times the rank it reads gives no floor
        assertThat(ScoreFloor.sampled(scores, 3, 800, k)).isEqualTo(ScoreFloor.NONE);
        assertThat(ScoreFloor.sampled(scores, 3, n, 0)).isEqualTo(ScoreFloor.NONE);
    }
}
