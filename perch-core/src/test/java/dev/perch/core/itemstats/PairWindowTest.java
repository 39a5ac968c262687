package dev.perch.core.itemstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perch.events.EventType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PairWindowTest {
    private static final long MIN = 60_000;
    private final CoVisitationSettings settings =
            new CoVisitationSettings(Duration.ofMinutes(30), 3, Duration.ofDays(7), 10);

    @Test
    @DisplayName("a visit pairs both ways with the previous items, weighted down by distance")
    void pairsWithPreviousItems() {
        PairWindow window = new PairWindow(settings);
        window.add("a", EventType.VIEW, 0);
        window.add("b", EventType.VIEW, MIN);
        List<CoVisit> pairs = window.add("c", EventType.VIEW, 2 * MIN);

        assertThat(pairs)
                .extracting(CoVisit::item, CoVisit::neighbor)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("b", "c"),
                        org.assertj.core.groups.Tuple.tuple("c", "b"),
                        org.assertj.core.groups.Tuple.tuple("a", "c"),
                        org.assertj.core.groups.Tuple.tuple("c", "a"));
        assertThat(weight(pairs, "c", "b")).isCloseTo(1.0, within(1e-9));
        assertThat(weight(pairs, "c", "a")).isCloseTo(0.5, within(1e-9));
    }

    @Test
    @DisplayName("a purchase next to a view counts more than two views")
    void purchasesCountMore() {
        PairWindow window = new PairWindow(settings);
        window.add("a", EventType.VIEW, 0);
        List<CoVisit> pairs = window.add("b", EventType.PURCHASE, MIN);
        assertThat(weight(pairs, "a", "b")).isCloseTo(Math.sqrt(3), within(1e-9));
    }

    @Test
    @DisplayName("visits further apart than the gap do not pair, and searches never pair")
    void gapAndTypesCut() {
        PairWindow window = new PairWindow(settings);
        window.add("a", EventType.VIEW, 0);
        assertThat(window.add("b", EventType.VIEW, 31 * MIN)).isEmpty();
        assertThat(window.add("c", EventType.SEARCH, 32 * MIN)).isEmpty();
        assertThat(window.visits()).extracting(PairWindow.Visit::itemId).containsExactly("b");
    }

    @Test
    @DisplayName(
            "the window keeps at most lookback visits and no item twice, whatever the user does")
    void staysBounded() {
        PairWindow window = new PairWindow(settings);
        for (int i = 0; i < 1_000; i++) {
            window.add("i" + (i % 7), EventType.CLICK, i);
        }
        assertThat(window.visits()).hasSize(3);
        assertThat(window.add("i6", EventType.VIEW, 2_000))
                .hasSize(6)
                .noneMatch(pair -> pair.item().equals(pair.neighbor()));
        assertThat(window.visits()).extracting(PairWindow.Visit::itemId).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("re-viewing the same item does not pair it with itself")
    void noSelfPairs() {
        PairWindow window = new PairWindow(settings);
        window.add("a", EventType.VIEW, 0);
        assertThat(window.add("a", EventType.VIEW, MIN)).isEmpty();
    }

    private static double weight(List<CoVisit> pairs, String item, String neighbor) {
        return pairs.stream()
                .filter(p -> p.item().equals(item) && p.neighbor().equals(neighbor))
                .mapToDouble(CoVisit::weight)
                .sum();
    }
}
