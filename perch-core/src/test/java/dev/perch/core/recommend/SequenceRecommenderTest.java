package dev.perch.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.core.recommend.memory.MemorySources;
import dev.perch.core.sequence.EmbeddingVersionMismatchException;
import dev.perch.core.sequence.LastItemModel;
import dev.perch.core.sequence.UserEncoding;
import dev.perch.events.RecommendedItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sequence model inside the shared pipeline: a candidate source and a ranking feature. */
class SequenceRecommenderTest {
    private final MemorySources sources = MemorySources.withDefaults();
    private final Map<String, float[]> vectors = new LinkedHashMap<>();
    private LastItemModel model;

    @BeforeEach
    void shop() {
        // items on a circle: item i is most similar to its neighbours i-1 and i+1
        for (int i = 0; i < 12; i++) {
            double angle = 2 * Math.PI * i / 12;
            vectors.put("m" + i, new float[] {(float) Math.cos(angle), (float) Math.sin(angle)});
            sources.catalog().put(new ItemFacts("m" + i, true, null, null, 0));
        }
        model = new LastItemModel("seq-v1", vectors);
    }

    private Recommender recommender(CandidateScorer scorer) {
        return new Recommender(
                        sources,
                        sources.catalog(),
                        scorer,
                        GatherSettings.DEFAULTS,
                        BusinessRules.NONE)
                .withSequenceModel(model, 3);
    }

    @Test
    @DisplayName(
            "the sequence source proposes the items nearest to the encoding, minus the seen ones,"
                    + " and every candidate gets its sequence score as a feature")
    void sourceAndFeature() {
        Recommender recommender = recommender(WeightedSumScorer.DEFAULT);
        UserEncoding encoding = recommender.encode(List.of("m3", "m5"));
        RankingRequest request =
                recommender.prepare(
                        null, new SequenceContext(encoding, java.util.Set.of("m5", "m7")));

        List<String> proposed =
                request.candidates().stream()
                        .filter(c -> c.proposedBy(CandidateSource.SEQUENCE))
                        .map(Candidate::itemId)
                        .toList();
        assertThat(proposed).containsExactlyInAnyOrder("m4", "m6", "m3");
        for (int row = 0; row < request.size(); row++) {
            String id = request.candidates().get(row).itemId();
            assertThat(request.features().get(row, RankingFeatures.HAS_SEQUENCE_SCORE))
                    .isEqualTo(1f);
            assertThat(request.features().get(row, RankingFeatures.SEQUENCE_SCORE))
                    .isCloseTo(
                            (float) model.items().score(encoding, id),
                            org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test
    @DisplayName("with the sequence-first scorer the list follows the model's score")
    void sequenceFirstRanking() {
        Recommender recommender =
                recommender(new SequenceFirstScorer("seq-v1", WeightedSumScorer.DEFAULT));
        List<List<RecommendedItem>> lists =
                recommender.recommendAll(
                        java.util.Arrays.asList(null, null),
                        List.of(List.of("m0", "m2"), List.of("m9")),
                        2);

        // the two items next to the newest one on the circle; the seen items are never proposed
        assertThat(lists.get(0))
                .extracting(RecommendedItem::getItemId)
                .containsExactlyInAnyOrder("m1", "m3");
        assertThat(lists.get(1))
                .extracting(RecommendedItem::getItemId)
                .containsExactlyInAnyOrder("m10", "m8");
        assertThat(lists.get(1).get(0).getReason()).isEqualTo(CandidateSource.SEQUENCE.reason());
    }

    @Test
    @DisplayName(
            "a user state is ranked from its own sequence: one user (prepare) and a batch"
                    + " (recommendAll) read the same sequence and give the same list")
    void readsTheStatesOwnSequence() {
        Recommender recommender =
                recommender(new SequenceFirstScorer("seq-v1", WeightedSumScorer.DEFAULT));
        dev.perch.events.UserState state = SequenceSignalsTest.user(List.of("m0", "m2"));

        assertThat(Recommender.sequenceOf(state)).containsExactly("m0", "m2");
        List<RecommendedItem> alone = recommender.recommend(state, 2);
        List<RecommendedItem> batched = recommender.recommendAll(List.of(state), 2).get(0);

        List<String> proposed =
                recommender.prepare(state).candidates().stream()
                        .filter(c -> c.proposedBy(CandidateSource.SEQUENCE))
                        .map(Candidate::itemId)
                        .toList();
        // nearest to the newest item m2 on the circle, the sequence's own items left out
        assertThat(proposed).containsExactlyInAnyOrder("m1", "m3", "m4");
        assertThat(alone).extracting(RecommendedItem::getItemId).contains("m1");
        assertThat(batched).isEqualTo(alone);
        assertThat(recommender.contextOf(SequenceSignalsTest.user(List.of())))
                .isSameAs(SequenceContext.NONE);
    }

    @Test
    @DisplayName(
            "a batch begun once and ranked in slices (as the model server's tasks rank their own"
                    + " users of a combined batch) gives each user the list recommendAll gives it")
    void slicesOfABatchRankAsTheWholeBatch() {
        Recommender recommender =
                recommender(new SequenceFirstScorer("seq-v1", WeightedSumScorer.DEFAULT));
        List<dev.perch.events.UserState> users =
                List.of(
                        SequenceSignalsTest.user(List.of("m0", "m2")),
                        SequenceSignalsTest.user(List.of("m9")),
                        SequenceSignalsTest.user(List.of("m5", "m6", "m7")));

        Recommender.Batch batch = recommender.begin(users);
        List<List<RecommendedItem>> sliced = new java.util.ArrayList<>();
        sliced.addAll(recommender.rank(batch, 0, 1, 2));
        sliced.addAll(recommender.rank(batch, 1, 3, 2));

        assertThat(sliced).isEqualTo(recommender.recommendAll(users, 2));
        assertThat(sliced).hasSize(3).allSatisfy(list -> assertThat(list).hasSize(2));
        assertThat(sliced.get(0)).isNotEqualTo(sliced.get(1));
        assertThatThrownBy(() -> recommender.rank(batch, 2, 4, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    @DisplayName("an encoding from another model version never meets these item vectors")
    void versionMismatch() {
        Recommender recommender = recommender(WeightedSumScorer.DEFAULT);
        UserEncoding stale = new UserEncoding("seq-v0", new float[] {1, 0});

        assertThatThrownBy(
                        () ->
                                recommender.prepare(
                                        null, new SequenceContext(stale, java.util.Set.of())))
                .isInstanceOf(EmbeddingVersionMismatchException.class);
    }

    @Test
    @DisplayName("without a sequence model the features stay zero and nothing is proposed")
    void withoutModel() {
        Recommender plain =
                new Recommender(
                        sources,
                        sources.catalog(),
                        WeightedSumScorer.DEFAULT,
                        GatherSettings.DEFAULTS,
                        BusinessRules.NONE);
        RankingRequest request = plain.prepare(null);
        for (int row = 0; row < request.size(); row++) {
            assertThat(request.features().get(row, RankingFeatures.HAS_SEQUENCE_SCORE)).isZero();
        }
        assertThat(plain.encode(List.of("m1"))).isEqualTo(UserEncoding.EMPTY);
    }
}
