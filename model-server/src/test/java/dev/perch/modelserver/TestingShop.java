package dev.perch.modelserver;

import dev.perch.core.recommend.BusinessRules;
import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.CandidateSources;
import dev.perch.core.recommend.FeatureMatrix;
import dev.perch.core.recommend.GatherSettings;
import dev.perch.core.recommend.ItemCatalog;
import dev.perch.core.recommend.ItemFacts;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.ScoredId;
import dev.perch.core.recommend.WeightedSumScorer;
import dev.perch.events.EventType;
import dev.perch.events.RecentItem;
import dev.perch.events.UserState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny fixed shop of ten available items, and a scorer that counts its calls. */
final class TestingShop implements CandidateSources, ItemCatalog {
    private final List<ScoredId> popular = new ArrayList<>();

    TestingShop() {
        for (int i = 0; i < 10; i++) {
            popular.add(new ScoredId("item-" + i, 10 - i));
        }
    }

    /** Calls of the batched nearest-items scan, one per batch's shared part with a vector. */
    final AtomicInteger scans = new AtomicInteger();

    @Override
    public List<ScoredId> nearest(float[] vector, int k) {
        return List.of();
    }

    @Override
    public List<List<ScoredId>> nearestAll(List<float[]> vectors, int k) {
        scans.incrementAndGet();
        List<List<ScoredId>> out = new ArrayList<>(vectors.size());
        vectors.forEach(v -> out.add(List.of()));
        return out;
    }

    /** A recent item whose look-up throws: a user who touched it cannot be scored. */
    static final String POISON_ITEM = "poison";

    @Override
    public List<ScoredId> neighbors(String itemId, int n) {
        if (POISON_ITEM.equals(itemId)) {
            throw new IllegalStateException("neighbours of " + itemId + " are corrupt");
        }
        return List.of();
    }

    @Override
    public List<ScoredId> trending(String scope, int n) {
        return List.of();
    }

    @Override
    public List<ScoredId> popular(int n) {
        return popular.subList(0, Math.min(n, popular.size()));
    }

    @Override
    public Optional<ItemFacts> item(String itemId) {
        return Optional.of(new ItemFacts(itemId, true, null, null, 1));
    }

    Recommender recommender(CandidateScorer scorer) {
        return new Recommender(this, this, scorer, GatherSettings.DEFAULTS, BusinessRules.DEFAULTS);
    }

    /** A state of {@code userId} whose recent item is {@link #POISON_ITEM}: it cannot be scored. */
    static UserState poisoned(String userId) {
        return UserState.newBuilder(state(userId, 1))
                .setRecentItems(List.of(new RecentItem(POISON_ITEM, EventType.VIEW, Instant.EPOCH)))
                .build();
    }

    static UserState state(String userId, long version) {
        return UserState.newBuilder()
                .setUserId(userId)
                .setVersion(version)
                .setVector(List.of())
                .setFirstSeen(Instant.EPOCH)
                .setLastSeen(Instant.EPOCH)
                .setLastEventId("e-" + userId + "-" + version)
                .setUpdatedAt(Instant.EPOCH)
                .build();
    }

    /** The heuristic scorer under another version, counting model calls and users per call. */
    static final class CountingScorer implements CandidateScorer, AutoCloseable {
        final AtomicInteger calls = new AtomicInteger();
        final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final AtomicInteger rows = new AtomicInteger();
        volatile boolean closed;
        private final String version;

        CountingScorer(String version) {
            this.version = version;
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public float[] score(FeatureMatrix features) {
            if (closed) {
                throw new IllegalStateException("scored with a closed model");
            }
            calls.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            rows.addAndGet(features.rows());
            return WeightedSumScorer.DEFAULT.score(features);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
