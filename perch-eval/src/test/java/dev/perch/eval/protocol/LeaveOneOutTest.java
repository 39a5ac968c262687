package dev.perch.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.eval.data.Interaction;
import dev.perch.eval.method.MarkovChain;
import dev.perch.eval.method.Method;
import dev.perch.eval.method.MostPopular;
import dev.perch.eval.method.Query;
import dev.perch.events.EventType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LeaveOneOutTest {
    private static Interaction rate(String user, String item, long t) {
        return new Interaction(user, user, item, EventType.RATE, t);
    }

    @Test
    @DisplayName("the last item of each user is the target; the rest, validation included, trains")
    void split() {
        List<Interaction> events =
                List.of(
                        rate("1", "a", 1),
                        rate("2", "a", 1),
                        rate("1", "b", 2),
                        rate("2", "c", 2),
                        rate("1", "c", 3));
        LeaveOneOut loo = new LeaveOneOut(events);
        assertThat(loo.targets()).containsEntry("1", "c").containsEntry("2", "c");
        assertThat(loo.training()).extracting(Interaction::item).containsExactly("a", "a", "b");
        assertThat(loo.items()).containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName("full ranking excludes items the user already interacted with")
    void excludesSeen() {
        List<Interaction> events = new ArrayList<>();
        for (int u = 0; u < 5; u++) {
            events.add(rate("u" + u, "pop", u));
        }
        events.add(rate("me", "pop", 10));
        events.add(rate("me", "target", 11));
        List<List<String>> asked = new ArrayList<>();
        MostPopular popular = new MostPopular();
        Method spy =
                new Method() {
                    @Override
                    public String name() {
                        return "spy";
                    }

                    @Override
                    public void learn(Interaction event, List<String> before) {
                        popular.learn(event, before);
                    }

                    @Override
                    public List<String> recommend(Query query, int k) {
                        List<String> list = popular.recommend(query, k);
                        if (query.user().equals("me")) {
                            asked.add(list);
                        }
                        return list;
                    }
                };
        new LeaveOneOut(events).run(spy, u -> true, 1);
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0)).doesNotContain("pop");
    }

    @Test
    @DisplayName("sampled variant: 100 negatives never seen by the user; popularity scores them")
    void sampled() {
        List<Interaction> events = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            events.add(rate("filler", "i" + i, i));
        }
        for (int u = 0; u < 10; u++) {
            events.add(rate("u" + u, "star", 200 + u));
            events.add(rate("u" + u, "star" + u, 300 + u));
        }
        events.add(rate("me", "i0", 400));
        events.add(rate("me", "star", 401));
        MethodRun run = new LeaveOneOut(events).run(new MostPopular(), "me"::equals, 7);
        // "star" (10 training events) beats every never-seen negative (at most 1 event each).
        assertThat(run.scope("sampled").hr10()).isEqualTo(1.0);
        assertThat(run.scope("sampled").ndcg10()).isEqualTo(1.0);
        assertThat(run.users("sampled")).isEqualTo(1);
    }

    @Test
    @DisplayName("SASRec's preprocessing drops items with fewer than 5 events in one pass")
    void itemSupport() {
        List<Interaction> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(rate("u" + i, "kept", i));
        }
        events.add(rate("u0", "rare", 9));
        assertThat(LeaveOneOut.withItemSupport(events, 5))
                .extracting(Interaction::item)
                .containsOnly("kept");
    }

    @Test
    @DisplayName("Markov over user sequences hits the planted next item")
    void markovPlanted() {
        List<Interaction> events = new ArrayList<>();
        for (int u = 0; u < 10; u++) {
            events.add(rate("u" + u, "a", 1));
            events.add(rate("u" + u, "b", 2));
            events.add(rate("u" + u, "z", 3));
        }
        events.add(rate("me", "a", 3));
        events.add(rate("me", "b", 4));
        MethodRun run = new LeaveOneOut(events).run(new MarkovChain(), "me"::equals, 1);
        assertThat(run.scope("all").hr10()).isEqualTo(1.0);
    }
}
