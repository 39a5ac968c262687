package dev.perch.eval.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.eval.data.Interaction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    @Test
    @DisplayName("Markov finds the planted next item: after a comes b")
    void markovFindsPlantedNext() {
        Method markov = new MarkovChain();
        Planted.train(markov, Planted.abc(20));
        assertThat(markov.recommend(Query.of("new", List.of("a")), 3)).first().isEqualTo("b");
        assertThat(markov.recommend(Query.of("new", List.of("x")), 3)).first().isEqualTo("y");
        assertThat(markov.recommend(Query.of("new", List.of()), 3)).isEmpty();
    }

    @Test
    @DisplayName("sequential rules rank the direct follower above the one two steps later")
    void sequentialRules() {
        Method rules = new SequentialRules(10);
        Planted.train(rules, Planted.abc(20));
        assertThat(rules.recommend(Query.of("new", List.of("a")), 3)).containsExactly("b", "c");
    }

    @Test
    @DisplayName("V-SKNN completes a session from similar past sessions")
    void sessionKnn() {
        Method knn = new SessionKnn(100, 1000);
        Planted.train(knn, Planted.abc(20));
        // a, b and c tie (every neighbour holds all three): ids break the tie
        assertThat(knn.recommend(Query.of("new", List.of("a", "b")), 3))
                .containsExactly("a", "b", "c");
        assertThat(knn.recommend(Query.of("new", List.of("a", "b")), 5)).doesNotContain("x", "y");
    }

    @Test
    @DisplayName("item-kNN by co-visitation (perch-core's index) recommends a's neighbour b")
    void coVisitation() {
        Method knn = Methods.create("item-knn-covisit", 1);
        Planted.train(knn, Planted.abc(20));
        assertThat(knn.recommend(Query.of("new", List.of("a")), 2)).contains("b");
    }

    @Test
    @DisplayName("most popular ranks by count, ties by id, and skips excluded items")
    void mostPopular() {
        Method pop = new MostPopular();
        Planted.train(pop, Planted.abc(5));
        // x: 10, a/b/c/y: 5 each
        assertThat(pop.recommend(Query.of("u", List.of()), 3)).containsExactly("x", "a", "b");
        assertThat(pop.recommend(new Query("u", List.of(), i -> !i.equals("x")), 2))
                .containsExactly("a", "b");
    }

    @Test
    @DisplayName("session popularity puts the session's own repeated item first")
    void sessionPopular() {
        Method spop = new SessionPopular();
        Planted.train(spop, Planted.abc(5));
        assertThat(spop.recommend(Query.of("u", List.of("c", "a", "c")), 3))
                .containsExactly("c", "a", "x");
    }

    @Test
    @DisplayName("recent popularity forgets what left the window")
    void recentPopular() {
        Method recent = new RecentPopular(3);
        Planted.train(
                recent,
                List.of(
                        Interaction.click("s", "old", 1),
                        Interaction.click("s", "old", 2),
                        Interaction.click("s", "new", 3),
                        Interaction.click("s", "new", 4),
                        Interaction.click("s", "z", 5)));
        assertThat(recent.recommend(Query.of("u", List.of()), 1)).containsExactly("new");
    }

    @Test
    @DisplayName("BPR-MF learns a planted two-cluster preference, seeded and repeatable")
    void bpr() {
        List<Interaction> events = new java.util.ArrayList<>();
        long t = 0;
        for (int u = 0; u < 40; u++) {
            String group = u % 2 == 0 ? "p" : "q";
            for (int i = 0; i < 10; i++) {
                if ((i + u) % 5 != 0) {
                    events.add(Interaction.click("u" + u, group + i, t++));
                }
            }
        }
        BprMf a = new BprMf(8, 60, 0.05, 0.001, 7);
        BprMf b = new BprMf(8, 60, 0.05, 0.001, 7);
        Planted.train(a, events);
        Planted.train(b, events);
        Query q = Query.of("u0", List.of());
        assertThat(a.score(q, "p0")).isGreaterThan(a.score(q, "q0"));
        assertThat(a.recommend(q, 5)).allMatch(i -> i.startsWith("p"));
        assertThat(a.recommend(q, 5)).isEqualTo(b.recommend(q, 5));
    }

    @Test
    @DisplayName("Perch's pipeline follows the session: after a it recommends b")
    void perchPipeline() {
        Method perch = Methods.create("perch", 1);
        Planted.train(perch, Planted.abc(20));
        perch.track(Interaction.click("new", "a", 1_700_000_000_000L));
        List<String> list = perch.recommend(Query.of("new", List.of("a")), 3);
        assertThat(list).first().isEqualTo("b");
    }

    @Test
    @DisplayName("frozen Perch ignores test events: a new session gets the cold-start list")
    void perchFrozen() {
        Method live = Methods.create("perch", 1);
        Method frozen = Methods.create("perch-frozen", 1);
        for (Method m : List.of(live, frozen)) {
            Planted.train(m, Planted.abc(20));
            m.freeze(true);
            m.track(Interaction.click("new", "x", 1_700_000_000_000L));
        }
        assertThat(live.recommend(Query.of("new", List.of("x")), 1)).containsExactly("y");
        assertThat(frozen.recommend(Query.of("new", List.of("x")), 1))
                .isEqualTo(frozen.recommend(Query.of("nobody", List.of()), 1));
    }

    @Test
    @DisplayName(
            "perch-content recommends an item no one has touched, whose text is close to the"
                    + " user's latest item; perch without the catalog text cannot")
    void perchContentReachesNewItem() {
        // a, b, c share a topic in text; d (never clicked) is on it too; x, y are elsewhere
        Map<String, float[]> text =
                Map.of(
                        "a", new float[] {1, 0.1f, 0},
                        "b", new float[] {1, 0, 0.1f},
                        "c", new float[] {1, 0.1f, 0.1f},
                        "d", new float[] {1, 0.05f, 0.05f},
                        "x", new float[] {0, 1, 0},
                        "y", new float[] {0, 0, 1});
        TextCatalog catalog = new TextCatalog(Map.of(), text, Map.of());
        Method content =
                Methods.create(
                        "perch-content", 1, null, Map.of(), PerchOptions.DEFAULTS, null, catalog);
        Method plain = Methods.create("perch", 1);
        for (Method m : List.of(content, plain)) {
            Planted.train(m, Planted.abc(20));
            m.track(Interaction.click("new", "a", 1_700_000_000_000L));
        }
        assertThat(content.recommend(Query.of("new", List.of("a")), 5)).contains("d");
        assertThat(plain.recommend(Query.of("new", List.of("a")), 5)).doesNotContain("d");
    }

    @Test
    @DisplayName("perch-content without the catalog text is refused with the option to pass")
    void perchContentNeedsText() {
        assertThatThrownBy(() -> Methods.create("perch-content", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--item-text");
    }
}
