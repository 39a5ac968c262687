package dev.perch.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.eval.data.Interaction;
import dev.perch.eval.method.MarkovChain;
import dev.perch.events.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionProtocolsTest {
    private static final long MIN = 60_000L;
    private static final long DAY = 86_400_000L;

    private static Interaction view(String visitor, String item, long t) {
        return new Interaction(visitor, visitor, item, EventType.VIEW, t);
    }

    @Test
    @DisplayName("sessions are cut on a visitor change or a gap over the limit")
    void cut() {
        List<List<Interaction>> sessions =
                Sessions.cut(
                        List.of(
                                view("v1", "a", 0),
                                view("v1", "b", 60 * MIN),
                                view("v1", "c", 121 * MIN),
                                view("v2", "a", 10)),
                        60 * MIN);
        assertThat(sessions).extracting(List::size).containsExactly(2, 1, 1);
        assertThat(sessions.get(0)).extracting(Interaction::session).containsOnly("v1#1");
    }

    @Test
    @DisplayName("session-hc: all event types cut sessions, then only views stay")
    void hcCutsOnAllTypes() {
        Interaction cart = new Interaction("v", "v", "z", EventType.ADD_TO_CART, 50 * MIN);
        List<Interaction> events = new ArrayList<>();
        events.add(view("v", "a", 0));
        events.add(cart);
        events.add(view("v", "b", 100 * MIN));
        // the cart event bridges the gap: one session of views a, b
        List<List<Interaction>> sessions =
                Sessions.only(Sessions.cut(events, SessionHc.GAP_MILLIS), EventType.VIEW);
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0)).extracting(Interaction::item).containsExactly("a", "b");
    }

    @Test
    @DisplayName("session-hc filters until stable: dropping a rare item can shorten a session to 1")
    void hcFiltersUntilStable() {
        List<Interaction> events = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 5; i++) {
            String v = "v" + i;
            events.add(view(v, "a", t += MIN));
            events.add(view(v, "b", t += MIN));
            events.add(view(v, "b", t += MIN)); // consecutive duplicate: dropped
        }
        events.add(view("w", "a", t += MIN));
        events.add(view("w", "rare", t += MIN));
        // first pass: "rare" (1 event) goes; then w's session has length 1 and goes too, which
        // leaves a with 5 events; a one-pass filter would keep w = [a]
        List<List<Interaction>> sessions = SessionHc.filtered(events);
        assertThat(sessions).hasSize(5);
        assertThat(sessions)
                .allSatisfy(
                        s -> assertThat(s).extracting(Interaction::item).containsExactly("a", "b"));
    }

    @Test
    @DisplayName("session-hc splits at t - 7 days and drops test items unknown to training")
    void hcSplit() {
        long t = 100 * DAY;
        List<Interaction> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(view("old" + i, "a", 10 * DAY + i * DAY));
            events.add(view("old" + i, "b", 10 * DAY + i * DAY + MIN));
            events.add(view("new" + i, "a", t - 7 * DAY + i * MIN * 100));
            events.add(view("new" + i, "b", t - 7 * DAY + i * MIN * 100 + MIN));
        }
        for (int i = 0; i < 5; i++) {
            events.add(view("late" + i, "c", t - 2 * DAY + i * MIN * 100));
            events.add(view("late" + i, "a", t - 2 * DAY + i * MIN * 100 + MIN));
        }
        SessionSplit split = SessionHc.split(events, t);
        assertThat(split.training()).hasSize(12);
        assertThat(split.training()).allMatch(e -> e.time() < t - 7 * DAY);
        // "new" sessions start exactly at t - 7 days: test; "late" sessions lose c (not in
        // training) and with it their length 2
        assertThat(split.test()).hasSize(6);
        assertThat(split.targets()).isEqualTo(6);
    }

    @Test
    @DisplayName("session-window: one filtering pass and sessions assigned by their end time")
    void windows() {
        List<Interaction> events = new ArrayList<>();
        // window 0 spans days [0, 27): training [0, 25), test [25, 27]
        for (int i = 0; i < 5; i++) {
            events.add(view("tr" + i, "a", i * DAY));
            events.add(view("tr" + i, "b", i * DAY + MIN));
        }
        for (int i = 0; i < 5; i++) {
            events.add(view("te" + i, "a", 25 * DAY + i * 100 * MIN));
            events.add(view("te" + i, "b", 25 * DAY + i * 100 * MIN + MIN));
        }
        // starts before the test days but ends inside them: a test session
        events.add(view("straddle", "a", 25 * DAY - 10 * MIN));
        events.add(view("straddle", "b", 25 * DAY + 10 * MIN));
        List<SessionSplit> windows = SessionWindow.windows(events);
        assertThat(windows).hasSize(SessionWindow.WINDOWS);
        SessionSplit first = windows.get(0);
        assertThat(first.training()).hasSize(10);
        assertThat(first.test()).hasSize(6);
        assertThat(windows.get(1).test()).isEmpty();
    }

    @Test
    @DisplayName("session evaluation scores every event after a session's first, given the prefix")
    void evaluation() {
        List<Interaction> training = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            training.add(Interaction.click("s" + i, "a", i * 10));
            training.add(Interaction.click("s" + i, "b", i * 10 + 1));
            training.add(Interaction.click("s" + i, "c", i * 10 + 2));
        }
        List<Interaction> test =
                List.of(
                        Interaction.click("t", "a", 100),
                        Interaction.click("t", "b", 101),
                        Interaction.click("t", "a", 102));
        MethodRun run = new MethodRun("markov");
        SessionEvaluation.run(
                new MarkovChain(), new SessionSplit(training, List.of(test)), run, "all");
        assertThat(run.scope("all").count()).isEqualTo(2);
        assertThat(run.scope("all").hr20()).isEqualTo(0.5); // a->b hit, b->a miss (b->c learnt)
    }
}
