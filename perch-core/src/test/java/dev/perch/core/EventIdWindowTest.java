package dev.perch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventIdWindowTest {
    private static final long WINDOW = 600_000L;

    @Test
    @DisplayName("an id counts until the watermark passes its event time plus the window")
    void idCountsWithinTheWindow() {
        EventIdWindow ids = EventIdWindow.EMPTY.add("e1", 1_000L);

        assertThat(ids.holds("e1", Long.MIN_VALUE, WINDOW)).isTrue();
        assertThat(ids.holds("e1", 1_000L + WINDOW - 1, WINDOW)).isTrue();
        assertThat(ids.holds("e1", 1_000L + WINDOW, WINDOW)).isFalse();
        assertThat(ids.holds("e2", Long.MIN_VALUE, WINDOW)).isFalse();
    }

    @Test
    @DisplayName("the ids the watermark has passed are dropped, the rest kept, oldest first")
    void withoutPassedDropsWhatNoLongerCounts() {
        EventIdWindow ids =
                EventIdWindow.EMPTY
                        .add("e1", 1_000L)
                        .add("e2", 2_000L)
                        .withoutPassed(1_000L + WINDOW, WINDOW)
                        .add("e3", 700_000L);

        assertThat(ids.times()).containsExactly(2_000L, 700_000L);
        assertThat(ids.hashes())
                .containsExactly(EventIdWindow.hash("e2"), EventIdWindow.hash("e3"));
        assertThat(ids.mayHaveSpilled(Long.MIN_VALUE)).as("nothing kept elsewhere").isFalse();
        assertThat(ids.withoutPassed(Long.MIN_VALUE, WINDOW)).isSameAs(ids);
    }

    @Test
    @DisplayName("an id kept elsewhere has the window ask there until that id's window has passed")
    void spilled() {
        EventIdWindow ids = EventIdWindow.EMPTY.add("e1", 1_000L).withSpilled(2_000L, WINDOW);

        assertThat(ids.size()).isEqualTo(1);
        assertThat(ids.mayHaveSpilled(2_000L + WINDOW - 1)).isTrue();
        assertThat(ids.mayHaveSpilled(2_000L + WINDOW)).isFalse();
        assertThat(ids.withSpilled(1_500L, WINDOW).mayHaveSpilled(2_000L + WINDOW - 1))
                .as("an earlier id does not shorten it")
                .isTrue();
        assertThat(ids.add("e3", 3_000L).withoutPassed(5_000L, WINDOW).mayHaveSpilled(5_000L))
                .as("adding and dropping keep it")
                .isTrue();
    }

    @Test
    @DisplayName("a user whose ids are all elsewhere asks there until the window after the latest")
    void allSpilled() {
        EventIdWindow ids = EventIdWindow.allSpilled(5_000L, WINDOW);

        assertThat(ids.size()).isZero();
        assertThat(ids.mayHaveSpilled(5_000L + WINDOW - 1)).isTrue();
        assertThat(ids.mayHaveSpilled(5_000L + WINDOW)).isFalse();
    }

    @Test
    @DisplayName("ids that differ in one char, and a million random UUIDs, get distinct hashes")
    void hashesSpread() {
        assertThat(EventIdWindow.hash("event-1")).isNotEqualTo(EventIdWindow.hash("event-2"));
        assertThat(EventIdWindow.hash("ab")).isNotEqualTo(EventIdWindow.hash("ba"));
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            seen.add(EventIdWindow.hash(UUID.randomUUID().toString()));
        }
        assertThat(seen).hasSize(1_000_000);
    }

    @Test
    @DisplayName("windows with the same ids, times and spill bound are equal (arrays by content)")
    void equalsByContent() {
        EventIdWindow a = EventIdWindow.EMPTY.add("e1", 1L);
        EventIdWindow b = EventIdWindow.EMPTY.add("e1", 1L);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(EventIdWindow.EMPTY.add("e1", 2L));
        assertThat(a).isNotEqualTo(a.withSpilled(1L, WINDOW));
    }
}
