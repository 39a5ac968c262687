package dev.perch.core.itemstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perch.core.recommend.ScoredId;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NeighborScoresTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private final CoVisitationSettings settings =
            new CoVisitationSettings(Duration.ofMinutes(30), 5, Duration.ofDays(1), 3);

    @Test
    @DisplayName("a pair one half-life older counts half as much as a fresh one")
    void decaysByHalfLife() {
        NeighborScores scores = new NeighborScores(settings);
        scores.add("old", 1, 0);
        scores.add("new", 1, DAY);
        assertThat(scores.top(2)).extracting(ScoredId::itemId).containsExactly("new", "old");
        assertThat(scores.top(2).get(0).score()).isCloseTo(1.0, within(1e-9));
        assertThat(scores.top(2).get(1).score()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    @DisplayName(
            "top lists the strongest first, equal scores by id (never by hash order), and stops"
                    + " at n")
    void topOrdersByScoreThenId() {
        NeighborScores scores =
                new NeighborScores(
                        new CoVisitationSettings(
                                Duration.ofMinutes(30), 5, Duration.ofDays(1), 10));
        scores.add("b", 2, 0);
        scores.add("c", 2, 0);
        scores.add("a", 2, 0);
        scores.add("z", 7, 0);
        scores.add("m", 0.5, 0);
        assertThat(scores.top(10))
                .extracting(ScoredId::itemId)
                .containsExactly("z", "a", "b", "c", "m");
        assertThat(scores.top(2)).extracting(ScoredId::itemId).containsExactly("z", "a");
        assertThat(scores.top(10).get(0).score()).isCloseTo(7.0, within(1e-9));
        assertThat(new NeighborScores(settings).top(3)).isEmpty();
    }

    @Test
    @DisplayName("an item keeps at most maxNeighbors; a newcomer replaces the weakest")
    void boundedByEvictingTheWeakest() {
        NeighborScores scores = new NeighborScores(settings);
        scores.add("strong", 5, 0);
        scores.add("medium", 3, 0);
        scores.add("weak", 1, 0);
        for (int i = 0; i < 10_000; i++) {
            scores.add("n" + i, 2, i);
        }
        assertThat(scores.size()).isEqualTo(3);
        assertThat(scores.top(3)).extracting(ScoredId::itemId).contains("strong", "medium");
        assertThat(scores.top(3)).extracting(ScoredId::itemId).doesNotContain("weak");
    }

    @Test
    @DisplayName("scores stay finite across years of event time")
    void survivesLongStreams() {
        NeighborScores scores = new NeighborScores(settings);
        for (int day = 0; day < 3_000; day += 10) {
            scores.add("a", 1, day * DAY);
        }
        assertThat(scores.top(1).get(0).score()).isFinite().isCloseTo(1.0, within(0.01));
    }
}
