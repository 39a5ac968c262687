package dev.perch.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.TrendingSettings;
import dev.perch.core.recommend.memory.MemorySources;
import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.ReasonCode;
import dev.perch.events.RecentItem;
import dev.perch.events.RecommendedItem;
import dev.perch.events.UserState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The shared decision from a user state to a list, on an in-memory shop of two categories. */
class RecommenderTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MemorySources sources =
            new MemorySources(
                    CoVisitationSettings.DEFAULTS,
                    new TrendingSettings(Duration.ofHours(1), Duration.ofMinutes(5), 50),
                    100);
    private final CountingScorer scorer = new CountingScorer(WeightedSumScorer.DEFAULT);

    @BeforeEach
    void shop() {
        for (int i = 0; i < 10; i++) {
            boolean available = i != 3; // shoe3 is sold out
            sources.catalog()
                    .put(new ItemFacts("shoe" + i, available, "shoes", new float[] {1, 0}, 0));
            sources.catalog().put(new ItemFacts("hat" + i, true, "hats", new float[] {0, 1}, 0));
        }
        // other shoppers: shoe1 -> shoe2 -> shoe3 sessions, hats browsed a lot (popular)
        long t = T0.toEpochMilli();
        for (int u = 0; u < 20; u++) {
            observe("u" + u, EventType.VIEW, "shoe1", t + u * 1000);
            observe("u" + u, EventType.VIEW, "shoe2", t + u * 1000 + 10);
            observe("u" + u, EventType.VIEW, "shoe3", t + u * 1000 + 20);
            for (int h = 0; h < 10; h++) {
                observe("u" + u, EventType.VIEW, "hat" + h, t + u * 1000 + 30 + h);
            }
        }
        observe("late", EventType.VIEW, "hat0", t + Duration.ofMinutes(20).toMillis());
    }

    private Recommender recommender(BusinessRules rules) {
        return new Recommender(sources, sources.catalog(), scorer, GatherSettings.DEFAULTS, rules);
    }

    @Test
    @DisplayName("an item the user bought and an unavailable item are never recommended")
    void dropsPurchasedAndUnavailable() {
        UserState user =
                user(
                        List.of(recent("shoe1", EventType.PURCHASE)),
                        List.of("shoe1"),
                        new float[] {1, 0});
        List<RecommendedItem> list =
                recommender(BusinessRules.DEFAULTS.withBoosts(Map.of())).recommend(user, 10);

        assertThat(list).extracting(RecommendedItem::getItemId).doesNotContain("shoe1", "shoe3");
        assertThat(list).extracting(RecommendedItem::getItemId).contains("shoe2");
    }

    @Test
    @DisplayName("the shop rules never recommend the item the shopper is looking at")
    void dropsRecentItemsInShops() {
        UserState user =
                user(List.of(recent("shoe1", EventType.VIEW)), List.of(), new float[] {1, 0});

        assertThat(recommender(BusinessRules.DEFAULTS).recommend(user, 10))
                .extracting(RecommendedItem::getItemId)
                .doesNotContain("shoe1")
                .contains("shoe2");
        assertThat(recommender(BusinessRules.NONE).recommend(user, 20))
                .extracting(RecommendedItem::getItemId)
                .contains("shoe1");
    }

    @Test
    @DisplayName(
            "neighbours of a bought item say 'bought together', of a viewed item 'similar to"
                    + " viewed'")
    void reasonsFollowTheAnchor() {
        UserState bought =
                user(List.of(recent("shoe1", EventType.PURCHASE)), List.of("shoe1"), null);
        UserState viewed = user(List.of(recent("shoe1", EventType.VIEW)), List.of(), null);
        Recommender recommender = recommender(BusinessRules.NONE);

        assertThat(reasonOf(recommender.recommend(bought, 20), "shoe2"))
                .isEqualTo(ReasonCode.BOUGHT_TOGETHER);
        assertThat(reasonOf(recommender.recommend(viewed, 20), "shoe2"))
                .isEqualTo(ReasonCode.SIMILAR_TO_VIEWED);
    }

    @Test
    @DisplayName("no more than maxPerCategory items of one category in a list")
    void capsCategories() {
        BusinessRules rules = new BusinessRules(true, true, false, 2, Map.of());
        UserState user =
                user(List.of(recent("shoe1", EventType.VIEW)), List.of(), new float[] {1, 0});
        List<RecommendedItem> list = recommender(rules).recommend(user, 10);

        assertThat(list)
                .filteredOn(i -> i.getItemId().startsWith("shoe"))
                .hasSizeLessThanOrEqualTo(2);
        assertThat(list)
                .filteredOn(i -> i.getItemId().startsWith("hat"))
                .hasSizeLessThanOrEqualTo(2);
    }

    @Test
    @DisplayName("an unknown user gets the cold-start list of trending and popular items")
    void coldStart() {
        List<RecommendedItem> list = recommender(BusinessRules.DEFAULTS).recommend(null, 5);

        assertThat(list).hasSize(5);
        assertThat(list)
                .extracting(RecommendedItem::getReason)
                .allMatch(r -> r == ReasonCode.TRENDING || r == ReasonCode.POPULAR);
    }

    @Test
    @DisplayName("a category boost lifts that category above the model's order")
    void boostsReorder() {
        UserState user =
                user(List.of(recent("shoe1", EventType.VIEW)), List.of(), new float[] {1, 0});
        BusinessRules boosted = BusinessRules.NONE.withBoosts(Map.of("hats", 100.0));
        List<RecommendedItem> list = recommender(boosted).recommend(user, 3);

        assertThat(list)
                .extracting(RecommendedItem::getItemId)
                .allMatch(id -> id.startsWith("hat"));
    }

    @Test
    @DisplayName("many users are scored in one model call with the same lists as one by one")
    void batchesIntoOneCall() {
        Recommender recommender = recommender(BusinessRules.DEFAULTS);
        List<UserState> users = new ArrayList<>();
        users.add(user(List.of(recent("shoe1", EventType.VIEW)), List.of(), new float[] {1, 0}));
        users.add(
                user(
                        List.of(recent("hat2", EventType.PURCHASE)),
                        List.of("hat2"),
                        new float[] {0, 1}));
        users.add(null);
        List<List<RecommendedItem>> oneByOne = new ArrayList<>();
        for (UserState user : users) {
            oneByOne.add(recommender.recommend(user, 8));
        }
        scorer.calls.set(0);

        List<List<RecommendedItem>> batched = recommender.recommendAll(users, 8);

        assertThat(scorer.calls).hasValue(1);
        assertThat(batched).isEqualTo(oneByOne);
    }

    @Test
    @DisplayName("the user vector's match with the item embedding is a feature of the model")
    void featuresCarryTheVectorMatch() {
        UserState user = user(List.of(), List.of(), new float[] {1, 0});
        RankingRequest request = recommender(BusinessRules.NONE).prepare(user);

        for (int row = 0; row < request.size(); row++) {
            float expected = request.facts().get(row).category().equals("shoes") ? 1f : 0f;
            assertThat(request.features().get(row, 0)).isEqualTo(expected);
            assertThat(request.features().get(row, 9)).isEqualTo(1f);
        }
        assertThat(request.features().columns()).isEqualTo(RankingFeatures.NAMES.size());
    }

    @Test
    @DisplayName(
            "after a retrain with the same dimension, a user whose vector is of the old model is"
                    + " ranked without it (no vectors of two models meet), and a user rebuilt in"
                    + " the new model gets personal items again")
    void neverMixesEmbeddingSpaces() {
        CandidateSources newModel = inSpace("m2");
        Recommender recommender =
                new Recommender(
                        newModel,
                        sources.catalog(),
                        scorer,
                        GatherSettings.DEFAULTS,
                        BusinessRules.NONE);
        UserState oldSpace =
                UserState.newBuilder(
                                user(
                                        List.of(recent("shoe1", EventType.VIEW)),
                                        List.of(),
                                        new float[] {1, 0}))
                        .setEmbeddingVersion("m1")
                        .build();
        UserState newSpace = UserState.newBuilder(oldSpace).setEmbeddingVersion("m2").build();

        // the nearest-item search refuses a vector of another space: this call would throw if
        // the recommender let the old vector through
        List<RecommendedItem> fallback = recommender.recommend(oldSpace, 20);
        List<RecommendedItem> personal = recommender.recommend(newSpace, 20);

        assertThat(fallback).isNotEmpty().noneMatch(i -> i.getReason() == ReasonCode.PERSONAL);
        assertThat(personal).anyMatch(i -> i.getReason() == ReasonCode.PERSONAL);
        assertThat(recommender.prepare(oldSpace).candidates())
                .noneMatch(c -> c.proposedBy(CandidateSource.NEAREST));
        assertThat(recommender.prepare(newSpace).candidates())
                .anyMatch(c -> c.proposedBy(CandidateSource.NEAREST));
        assertThat(recommender.prepare(oldSpace).user().getVector()).isEmpty();
    }

    /** The shop's sources with two nearest items, their embeddings of {@code version}. */
    private CandidateSources inSpace(String version) {
        return new CandidateSources() {
            @Override
            public dev.perch.core.EmbeddingSpace embeddingSpace() {
                return dev.perch.core.EmbeddingSpace.of(version);
            }

            @Override
            public List<ScoredId> nearest(float[] vector, int k) {
                return List.of(new ScoredId("shoe7", 1.0), new ScoredId("shoe8", 0.9));
            }

            @Override
            public List<ScoredId> neighbors(String itemId, int n) {
                return sources.neighbors(itemId, n);
            }

            @Override
            public List<ScoredId> trending(String scope, int n) {
                return sources.trending(scope, n);
            }

            @Override
            public List<ScoredId> popular(int n) {
                return sources.popular(n);
            }
        };
    }

    private void observe(String user, EventType type, String item, long time) {
        sources.observe(
                ClickEvent.newBuilder()
                        .setEventId(user + "-" + item + "-" + time)
                        .setUserId(user)
                        .setSessionId(null)
                        .setType(type)
                        .setItemId(item)
                        .setEventTime(Instant.ofEpochMilli(time))
                        .setReceivedTime(Instant.ofEpochMilli(time))
                        .build());
    }

    private static ReasonCode reasonOf(List<RecommendedItem> list, String itemId) {
        return list.stream()
                .filter(i -> i.getItemId().equals(itemId))
                .findFirst()
                .orElseThrow()
                .getReason();
    }

    private static RecentItem recent(String itemId, EventType type) {
        return new RecentItem(itemId, type, T0);
    }

    private static UserState user(List<RecentItem> recent, List<String> purchased, float[] vector) {
        List<Float> values = new ArrayList<>();
        if (vector != null) {
            for (float v : vector) {
                values.add(v);
            }
        }
        return UserState.newBuilder()
                .setUserId("me")
                .setVersion(1)
                .setVector(values)
                .setVectorWeight(vector == null ? 0 : 1)
                .setRecentItems(recent)
                .setPurchasedItems(
                        purchased.stream().map(id -> recent(id, EventType.PURCHASE)).toList())
                .setCategoryAffinity(Map.of())
                .setEventCounts(Map.of("VIEW", 1L))
                .setFirstSeen(T0)
                .setLastSeen(T0)
                .setUpdatedAt(T0)
                .build();
    }

    /** Counts model calls, to check micro-batching. */
    private static final class CountingScorer implements CandidateScorer {
        final AtomicInteger calls = new AtomicInteger();
        private final CandidateScorer delegate;

        CountingScorer(CandidateScorer delegate) {
            this.delegate = delegate;
        }

        @Override
        public String version() {
            return delegate.version();
        }

        @Override
        public float[] score(FeatureMatrix features) {
            calls.incrementAndGet();
            return delegate.score(features);
        }
    }
}
