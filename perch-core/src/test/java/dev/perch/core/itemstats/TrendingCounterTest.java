package dev.perch.core.itemstats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.recommend.CandidateSources;
import dev.perch.core.recommend.ScoredId;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TrendingCounterTest {
    private static final long MIN = 60_000;
    private final TrendingCounter counter =
            new TrendingCounter(
                    new TrendingSettings(Duration.ofMinutes(10), Duration.ofMinutes(5), 3));

    @Test
    @DisplayName("the list covers the last complete window, globally and per category")
    void countsTheLastCompleteWindow() {
        counter.add("shoe", "shoes", 1 * MIN, 1);
        counter.add("shoe", "shoes", 2 * MIN, 1);
        counter.add("hat", "hats", 3 * MIN, 1);
        assertThat(counter.top(CandidateSources.GLOBAL, 3)).isEmpty(); // first slide not complete

        counter.add("hat", "hats", 6 * MIN, 1);
        assertThat(counter.top(CandidateSources.GLOBAL, 3))
                .containsExactly(new ScoredId("shoe", 2), new ScoredId("hat", 1));
        assertThat(counter.top("hats", 3)).containsExactly(new ScoredId("hat", 1));
    }

    @Test
    @DisplayName("counts older than the window leave the list")
    void forgetsOldSlides() {
        counter.add("shoe", "shoes", 1 * MIN, 5);
        counter.add("hat", "hats", 12 * MIN, 1);
        counter.add("hat", "hats", 16 * MIN, 1);
        assertThat(counter.top(CandidateSources.GLOBAL, 3)).containsExactly(new ScoredId("hat", 1));
    }

    @Test
    @DisplayName("a list holds at most topN items")
    void boundedList() {
        for (int i = 0; i < 50; i++) {
            counter.add("i" + i, null, MIN, 1 + i);
        }
        counter.add("x", null, 7 * MIN, 1);
        assertThat(counter.top(CandidateSources.GLOBAL, 10))
                .extracting(ScoredId::itemId)
                .containsExactly("i49", "i48", "i47");
    }
}
