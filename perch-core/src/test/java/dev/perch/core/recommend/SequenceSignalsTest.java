package dev.perch.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perch.events.EventType;
import dev.perch.events.RecentItem;
import dev.perch.events.UserState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SequenceSignalsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static UserState user(List<String> sequence) {
        List<RecentItem> items = new ArrayList<>();
        for (int i = 0; i < sequence.size(); i++) {
            items.add(new RecentItem(sequence.get(i), EventType.CLICK, T0.plusSeconds(i)));
        }
        return UserState.newBuilder()
                .setUserId("u")
                .setVersion(items.size())
                .setSequence(items)
                .setFirstSeen(T0)
                .setLastSeen(T0.plusSeconds(items.size()))
                .setUpdatedAt(T0)
                .build();
    }

    @Test
    @DisplayName("counts, steps since the latest occurrence and the latest distinct items")
    void countsAndRecency() {
        SequenceSignals s = SequenceSignals.of(user(List.of("a", "b", "a", "c", "a", "d")));

        assertThat(s.count("a")).isEqualTo(3);
        assertThat(s.count("z")).isZero();
        assertThat(s.stepsSince("d")).isZero();
        assertThat(s.stepsSince("a")).isEqualTo(1);
        assertThat(s.stepsSince("b")).isEqualTo(4);
        assertThat(s.stepsSince("z")).isEqualTo(-1);
        assertThat(s.latestDistinct(3)).containsExactly("d", "a", "c");
        assertThat(s.latestDistinct(10)).containsExactly("d", "a", "c", "b");
        assertThat(s.latestDistinct(1)).containsExactly("d");
        assertThat(s.latestDistinct(0)).isEmpty();
    }

    @Test
    @DisplayName("re-visit scores sum 1/(1+steps back) over the last n interactions")
    void revisitScores() {
        Map<String, Double> scores =
                SequenceSignals.of(user(List.of("x", "a", "b", "a"))).revisitScores(3);

        assertThat(scores).containsOnlyKeys("a", "b");
        assertThat(scores.get("a")).isCloseTo(1.0 + 1.0 / 3, within(1e-12));
        assertThat(scores.get("b")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    @DisplayName("a state written before the sequence existed falls back to its recent items")
    void fallsBackToRecentItems() {
        UserState old =
                UserState.newBuilder(user(List.of()))
                        .setRecentItems(
                                List.of(
                                        new RecentItem("new", EventType.VIEW, T0.plusSeconds(2)),
                                        new RecentItem("old", EventType.VIEW, T0)))
                        .build();

        SequenceSignals s = SequenceSignals.of(old);
        assertThat(s.items()).containsExactly("old", "new");
        assertThat(s.stepsSince("new")).isZero();
    }

    @Test
    @DisplayName("an unknown user has no signals")
    void unknownUser() {
        assertThat(SequenceSignals.of(null).items()).isEmpty();
        assertThat(SequenceSignals.of(null).latestDistinct(5)).isEmpty();
    }
}
