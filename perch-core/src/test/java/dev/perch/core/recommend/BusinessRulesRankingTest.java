package dev.perch.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.EmbeddingSpace;
import dev.perch.core.MixedEmbeddingSpacesException;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.TrendingSettings;
import dev.perch.core.recommend.memory.MemorySources;
import dev.perch.events.RecommendedItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules' ranking step on its own: boosts are monotonic whatever the model's score scale. */
class BusinessRulesRankingTest {
    private final MemorySources sources =
            new MemorySources(
                    CoVisitationSettings.DEFAULTS,
                    new TrendingSettings(Duration.ofHours(1), Duration.ofMinutes(5), 50),
                    100);

    private Recommender recommender(BusinessRules rules) {
        return new Recommender(
                sources,
                sources.catalog(),
                WeightedSumScorer.DEFAULT,
                GatherSettings.DEFAULTS,
                rules);
    }

    /** Candidates a0.. in category "a" and b0.. in "b", with the given model scores. */
    private static RankingRequest request(double[] aScores, double[] bScores, float[] scores) {
        List<Candidate> candidates = new ArrayList<>();
        List<ItemFacts> facts = new ArrayList<>();
        int row = 0;
        for (int i = 0; i < aScores.length; i++, row++) {
            candidates.add(new Candidate("a" + i));
            facts.add(new ItemFacts("a" + i, true, "a", null, 0));
            scores[row] = (float) aScores[i];
        }
        for (int i = 0; i < bScores.length; i++, row++) {
            candidates.add(new Candidate("b" + i));
            facts.add(new ItemFacts("b" + i, true, "b", null, 0));
            scores[row] = (float) bScores[i];
        }
        return new RankingRequest(
                null,
                candidates,
                facts,
                new FeatureMatrix(
                        new float[row * RankingFeatures.COUNT], row, RankingFeatures.COUNT));
    }

    private static List<String> ids(List<RecommendedItem> list) {
        return list.stream().map(RecommendedItem::getItemId).toList();
    }

    @Test
    @DisplayName(
            "a boost on a negative model score never demotes the item (score x boost on a logit"
                    + " would)")
    void negativeScoreWithBoost() {
        float[] scores = new float[2];
        RankingRequest request = request(new double[] {-2.5}, new double[] {-2.0}, scores);

        List<String> plain = ids(recommender(BusinessRules.NONE).finish(request, scores, 0, 2));
        List<String> boosted =
                ids(
                        recommender(BusinessRules.NONE.withBoosts(Map.of("a", 1.5)))
                                .finish(request, scores, 0, 2));
        List<String> strongly =
                ids(
                        recommender(BusinessRules.NONE.withBoosts(Map.of("a", 3.0)))
                                .finish(request, scores, 0, 2));

        assertThat(plain).containsExactly("b0", "a0");
        assertThat(boosted.indexOf("a0")).isLessThanOrEqualTo(plain.indexOf("a0"));
        assertThat(strongly).containsExactly("a0", "b0");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    @DisplayName(
            "on random scores of either sign, a boost above 1 never moves an item of its category"
                    + " down, a boost below 1 never moves one up, and each category keeps the"
                    + " model's order")
    void boostsAreMonotonic(long seed) {
        Random random = new Random(seed);
        double[] a = new double[8];
        double[] b = new double[8];
        for (int i = 0; i < 8; i++) {
            a[i] = random.nextGaussian() * 5 - 2;
            b[i] = random.nextGaussian() * 5 - 2;
        }
        float[] scores = new float[16];
        RankingRequest request = request(a, b, scores);
        double boost = 1 + random.nextDouble() * 3;

        List<String> plain = ids(recommender(BusinessRules.NONE).finish(request, scores, 0, 16));
        List<String> up =
                ids(
                        recommender(BusinessRules.NONE.withBoosts(Map.of("a", boost)))
                                .finish(request, scores, 0, 16));
        List<String> down =
                ids(
                        recommender(BusinessRules.NONE.withBoosts(Map.of("a", 1 / boost)))
                                .finish(request, scores, 0, 16));

        for (int i = 0; i < 8; i++) {
            String id = "a" + i;
            assertThat(up.indexOf(id)).as("%s boosted", id).isLessThanOrEqualTo(plain.indexOf(id));
            assertThat(down.indexOf(id))
                    .as("%s damped", id)
                    .isGreaterThanOrEqualTo(plain.indexOf(id));
        }
        assertThat(up.stream().filter(id -> id.startsWith("a")).toList())
                .isEqualTo(plain.stream().filter(id -> id.startsWith("a")).toList());
    }

    @Test
    @DisplayName("the listed score is the model's own, and without boosts the order is the model's")
    void modelOrderAndScores() {
        float[] scores = new float[3];
        RankingRequest request = request(new double[] {0.5, -1}, new double[] {2}, scores);

        List<RecommendedItem> list = recommender(BusinessRules.NONE).finish(request, scores, 0, 3);

        assertThat(ids(list)).containsExactly("b0", "a0", "a1");
        assertThat(list.get(2).getScore()).isEqualTo(-1.0);
    }

    @Test
    @DisplayName("an excluded category is never shown, and the cap is the configured one")
    void exclusionsAndCap() {
        float[] scores = new float[5];
        RankingRequest request = request(new double[] {5, 4, 3}, new double[] {2, 1}, scores);
        BusinessRules capped = BusinessRules.NONE.withMaxPerCategory(2);

        assertThat(ids(recommender(capped).finish(request, scores, 0, 5)))
                .containsExactly("a0", "a1", "b0", "b1");
        assertThat(
                        BusinessRules.NONE
                                .withExcludedCategories(Set.of("a"))
                                .admits(new ItemFacts("a0", true, "a", null, 0)))
                .isFalse();
    }

    @Test
    @DisplayName(
            "vectors of two embedding spaces never meet: the nearest-item search refuses them, and"
                    + " a user of another space is ranked without its vector")
    void mixedSpacesNeverMeet() {
        CandidateSources versioned =
                new CandidateSources() {
                    @Override
                    public EmbeddingSpace embeddingSpace() {
                        return EmbeddingSpace.of("m2");
                    }

                    @Override
                    public List<ScoredId> nearest(float[] vector, int k) {
                        return List.of(new ScoredId("a0", 1));
                    }

                    @Override
                    public List<ScoredId> neighbors(String itemId, int n) {
                        return List.of();
                    }

                    @Override
                    public List<ScoredId> trending(String scope, int n) {
                        return List.of();
                    }

                    @Override
                    public List<ScoredId> popular(int n) {
                        return List.of(new ScoredId("b0", 1));
                    }
                };
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> versioned.nearest(new float[] {1, 0}, EmbeddingSpace.of("m1"), 5))
                .isInstanceOf(MixedEmbeddingSpacesException.class);
        assertThat(versioned.nearest(new float[] {1, 0}, EmbeddingSpace.of("m2"), 5)).hasSize(1);
    }
}
