package dev.perch.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.EventType;
import dev.perch.events.RecentItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InteractionSequenceTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static RecentItem at(String item, int second) {
        return new RecentItem(item, EventType.CLICK, T0.plusSeconds(second));
    }

    private static List<RecentItem> addAll(List<RecentItem> items, int max) {
        List<RecentItem> sequence = List.of();
        for (RecentItem r : items) {
            sequence = InteractionSequence.add(sequence, r, max);
        }
        return sequence;
    }

    @Test
    @DisplayName("repeats are kept, oldest first, one entry per interaction")
    void keepsRepeatsInOrder() {
        List<RecentItem> s = addAll(List.of(at("a", 0), at("b", 1), at("a", 2), at("a", 3)), 10);

        assertThat(InteractionSequence.itemIds(s)).containsExactly("a", "b", "a", "a");
    }

    @Test
    @DisplayName("beyond the bound the oldest interactions fall off")
    void boundedOldestDropped() {
        List<RecentItem> s =
                addAll(List.of(at("a", 0), at("b", 1), at("c", 2), at("d", 3), at("e", 4)), 3);

        assertThat(InteractionSequence.itemIds(s)).containsExactly("c", "d", "e");
    }

    @Test
    @DisplayName(
            "a late event is inserted at its event-time position; one older than a full list is"
                    + " not")
    void lateEventsInsertedByTime() {
        List<RecentItem> s = addAll(List.of(at("a", 0), at("c", 2), at("b", 1)), 3);
        assertThat(InteractionSequence.itemIds(s)).containsExactly("a", "b", "c");

        List<RecentItem> full = InteractionSequence.add(s, at("z", -5), 3);
        assertThat(full).isEqualTo(s);
    }

    @Test
    @DisplayName("events with distinct times give the same sequence whatever order they arrive in")
    void arrivalOrderDoesNotMatter() {
        Random random = new Random(7);
        List<RecentItem> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            events.add(at("i" + random.nextInt(20), i));
        }
        List<RecentItem> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, random);

        assertThat(addAll(shuffled, 200)).isEqualTo(addAll(events, 200));
        assertThat(addAll(shuffled, 200)).isEqualTo(events.subList(300, 500));
    }

    @Test
    @DisplayName("the argument list is never changed")
    void argumentUnchanged() {
        List<RecentItem> before = List.of(at("a", 0), at("b", 1));
        List<RecentItem> copy = List.copyOf(before);

        InteractionSequence.add(before, at("c", 2), 2);

        assertThat(before).isEqualTo(copy);
    }
}
