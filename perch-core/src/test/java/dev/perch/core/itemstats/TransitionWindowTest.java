package dev.perch.core.itemstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransitionWindowTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final TransitionSettings SETTINGS =
            new TransitionSettings(Duration.ofMinutes(30), 3, Duration.ofDays(1), 10);

    @Test
    @DisplayName("a visit follows each earlier visit within k steps, weighted 1/distance, one way")
    void directionalAndDistanceWeighted() {
        TransitionWindow w = new TransitionWindow(SETTINGS);
        w.add("a", T0);
        w.add("b", T0 + 1);
        List<CoVisit> closed = w.add("c", T0 + 2);

        assertThat(closed)
                .extracting(CoVisit::item, CoVisit::neighbor, CoVisit::weight)
                .containsExactly(tuple("b", "c", 1.0), tuple("a", "c", 0.5));
    }

    @Test
    @DisplayName("repeats count: a re-click forms its own transitions, self-transitions included")
    void repeatsCount() {
        TransitionWindow w = new TransitionWindow(SETTINGS);
        w.add("a", T0);
        List<CoVisit> closed = w.add("a", T0 + 1);

        assertThat(closed)
                .extracting(CoVisit::item, CoVisit::neighbor, CoVisit::weight)
                .containsExactly(tuple("a", "a", 1.0));
        assertThat(w.steps()).hasSize(2);
    }

    @Test
    @DisplayName("only the last k steps are remembered, so state is bounded")
    void bounded() {
        TransitionWindow w = new TransitionWindow(SETTINGS);
        for (int i = 0; i < 100; i++) {
            w.add("i" + i, T0 + i);
        }
        List<CoVisit> closed = w.add("x", T0 + 100);

        assertThat(w.steps()).hasSize(3);
        assertThat(closed).extracting(CoVisit::item).containsExactly("i99", "i98", "i97");
    }

    @Test
    @DisplayName("a visit after a gap longer than maxGap starts a new sequence")
    void gapStartsOver() {
        TransitionWindow w = new TransitionWindow(SETTINGS);
        w.add("a", T0);
        List<CoVisit> closed = w.add("b", T0 + Duration.ofMinutes(31).toMillis());

        assertThat(closed).isEmpty();
        assertThat(w.steps()).extracting(TransitionWindow.Step::itemId).containsExactly("b");
    }

    @Test
    @DisplayName("a window restored from its steps continues exactly like the original")
    void restores() {
        TransitionWindow original = new TransitionWindow(SETTINGS);
        original.add("a", T0);
        original.add("b", T0 + 1);
        TransitionWindow restored = new TransitionWindow(SETTINGS, original.steps());

        assertThat(restored.add("c", T0 + 2)).isEqualTo(original.add("c", T0 + 2));
    }
}
