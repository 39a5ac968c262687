package dev.perch.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.eval.data.Interaction;
import dev.perch.eval.method.Method;
import dev.perch.eval.method.Query;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PrequentialTest {

    /** Records what it was told, in order, and recommends the last item it learnt. */
    static class Recorder implements Method {
        final List<String> calls = new ArrayList<>();
        String lastLearnt;

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public void learn(Interaction event, List<String> before) {
            calls.add("learn " + event.item());
            lastLearnt = event.item();
        }

        @Override
        public void fit() {
            calls.add("fit");
        }

        @Override
        public List<String> recommend(Query query, int k) {
            calls.add("ask " + query.history());
            return lastLearnt == null ? List.of() : List.of(lastLearnt);
        }
    }

    private static List<Interaction> stream() {
        return List.of(
                Interaction.click("u", "a", 1),
                Interaction.click("u", "b", 2),
                Interaction.click("v", "b", 3),
                Interaction.click("u", "a", 4));
    }

    @Test
    @DisplayName("the warm-up trains only; then each event is tested before it is learnt")
    void testThenLearn() {
        Recorder r = new Recorder();
        Prequential p = new Prequential(stream(), 0.5, false, 10);
        MethodRun run = p.run(r, u -> true, () -> {});
        assertThat(r.calls)
                .containsExactly(
                        "learn a", "learn b", "fit", "ask []", "learn b", "ask [a, b]", "learn a");
        // v's b: predicted b (hit, new to v); u's a: predicted b (miss, a was seen)
        assertThat(run.scope("all").count()).isEqualTo(2);
        assertThat(run.scope("all").hr10()).isEqualTo(0.5);
        assertThat(run.scope("new-to-user").count()).isEqualTo(1);
        assertThat(run.scope("new-to-user").hr10()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("excluding seen items hides the user's own items from the list")
    void excludeSeen() {
        Recorder r =
                new Recorder() {
                    @Override
                    public List<String> recommend(Query query, int k) {
                        return query.allowed().test("a") ? List.of("a") : List.of();
                    }
                };
        MethodRun run = new Prequential(stream(), 0.75, true, 10).run(r, u -> true, () -> {});
        assertThat(run.scope("all").hr10()).isZero();
    }

    @Test
    @DisplayName(
            "a target is in scope new-item when its item had fewer than NEW_ITEM_EVENTS"
                    + " interactions before it, counted over the whole stream so far")
    void newItemScope() {
        List<Interaction> events = warmUpOfOldAndFresh();
        long t = events.size();
        // the warm-up is these six events; the three below are the targets
        events.add(Interaction.click("u", "old", ++t));
        events.add(Interaction.click("v", "fresh", ++t));
        events.add(Interaction.click("z", "fresh", ++t));
        Recorder r = new Recorder();
        MethodRun run = new Prequential(events, 6.0 / 9, false, 10).run(r, u -> true, () -> {});
        assertThat(run.scope("all").count()).isEqualTo(3);
        // old had NEW_ITEM_EVENTS before u's click: not new; fresh had 1, then 2
        assertThat(run.scope("new-item").count()).isEqualTo(2);
    }

    @Test
    @DisplayName(
            "with allNewItems a sampled run scores every new-item target in scope new-item, and"
                    + " only the sample's targets in the other scopes")
    void allNewItemsOutsideTheSample() {
        List<Interaction> events = warmUpOfOldAndFresh();
        long t = events.size();
        events.add(Interaction.click("u", "old", ++t));
        events.add(Interaction.click("u", "fresh", ++t));
        events.add(Interaction.click("v", "fresh", ++t));
        events.add(Interaction.click("z", "old", ++t));
        Prequential protocol = new Prequential(events, 6.0 / 10, false, 10);
        Recorder sampled = new Recorder();
        MethodRun run = protocol.run(sampled, "u"::equals, true, () -> {});
        assertThat(run.scope("all").count()).isEqualTo(2); // u's two
        assertThat(run.scope("new-item").count()).isEqualTo(2); // u's and v's "fresh"
        // asked for u twice and v once; z's "old" is not new
        assertThat(sampled.calls.stream().filter(c -> c.startsWith("ask")).count()).isEqualTo(3);
        assertThat(protocol.targets("u"::equals, true)).isEqualTo(3);
        assertThat(protocol.targets("u"::equals, false)).isEqualTo(2);
        MethodRun plain = protocol.run(new Recorder(), "u"::equals, false, () -> {});
        assertThat(plain.scope("new-item").count()).isEqualTo(1);
    }

    /** Six warm-up events: "old" clicked NEW_ITEM_EVENTS times, then "fresh" once. */
    private static List<Interaction> warmUpOfOldAndFresh() {
        List<Interaction> events = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < Prequential.NEW_ITEM_EVENTS; i++) {
            events.add(Interaction.click("w" + i, "old", ++t));
        }
        events.add(Interaction.click("w0", "fresh", ++t));
        return events;
    }
}
