package dev.perch.modelserver;

import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.FeatureMatrix;
import dev.perch.core.recommend.Recommender;
import dev.perch.events.Recommendations;
import dev.perch.events.RecommendedItem;
import dev.perch.events.UserState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns one micro-batch of user states into their {@link Recommendations} with ONE model call
 * ({@link Recommender#recommendAll}), stamped with the model version and the cause of each state.
 */
public final class BatchRecommender {
    private final LiveRecommender live;
    private final int k;
    private final Clock clock;
    private final ModelServerMetrics metrics;
    private final ReadScope reads;

    /**
     * Where a batch's reads of the feature store may be memoised: everything {@code work} reads on
     * the calling thread is read once (see {@link FeatureStoreSources#inOneBatch}).
     */
    public interface ReadScope {
        /** Runs {@code work} as one batch. */
        <T> T inOneBatch(Supplier<T> work);

        /** No memo: every read goes to the store. */
        ReadScope NONE =
                new ReadScope() {
                    @Override
                    public <T> T inOneBatch(Supplier<T> work) {
                        return work.get();
                    }
                };
    }

    public BatchRecommender(LiveRecommender live, int k, Clock clock, ModelServerMetrics metrics) {
        this(live, k, clock, metrics, ReadScope.NONE);
    }

    /** A recommender whose batches read the feature store through {@code reads}. */
    public BatchRecommender(
            LiveRecommender live, int k, Clock clock, ModelServerMetrics metrics, ReadScope reads) {
        this.live = live;
        this.k = k;
        this.clock = clock;
        this.metrics = metrics;
        this.reads = reads;
    }

    /** The lists of {@code states}, in the same order. */
    public List<Recommendations> recommend(List<UserState> states) {
        if (states.isEmpty()) {
            return List.of();
        }
        return reads.inOneBatch(() -> score(states));
    }

    private List<Recommendations> score(List<UserState> states) {
        return together(states, slices -> slices.lists(0, states.size()));
    }

    /** A batch whose shared part is done: its users' lists, a slice at a time. */
    public interface Slices {
        /**
         * The lists of the batch's users {@code from} (inclusive) to {@code to}, in their order,
         * their candidates scored in one model call; callable from any thread while {@link
         * #together}'s work runs, each user once.
         */
        List<Recommendations> lists(int from, int to);
    }

    /**
     * Runs {@code work} on {@code states} as one batch whose shared part ({@link
     * Recommender#begin}: the sequence encoder's one call, the scans over the item vectors) is done
     * once, before {@code work} ranks its slices, maybe on other threads (each slice's reads of the
     * feature store memoised on the thread that ranks it). The model in service stays open until
     * {@code work} returns, so {@code work} must not return before every slice it handed out is
     * ranked.
     */
    public <T> T together(List<UserState> states, Function<Slices, T> work) {
        return live.use(
                recommender -> {
                    long started = System.nanoTime();
                    Recommender.Batch batch = reads.inOneBatch(() -> recommender.begin(states));
                    long shared = System.nanoTime() - started;
                    return work.apply(
                            (from, to) ->
                                    reads.inOneBatch(
                                            () ->
                                                    slice(
                                                            recommender,
                                                            batch,
                                                            states,
                                                            from,
                                                            to,
                                                            shared)));
                });
    }

    /** One slice's lists; its metrics count the shared part's time as the slice's own. */
    private List<Recommendations> slice(
            Recommender recommender,
            Recommender.Batch batch,
            List<UserState> states,
            int from,
            int to,
            long sharedNanos) {
        long started = System.nanoTime();
        RowCounter counter = new RowCounter(recommender.scorer());
        List<List<RecommendedItem>> lists =
                recommender.withScorer(counter).rank(batch, from, to, k);
        long now = clock.millis();
        List<Recommendations> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(record(states.get(i), lists.get(i - from), counter.version(), now));
        }
        metrics.batch(to - from, counter.rows, sharedNanos + System.nanoTime() - started);
        return out;
    }

    /** The top {@code size} of one user's state now, for a caller that asked for more than k. */
    public Recommendations recommend(UserState state, int size) {
        return live.use(
                recommender ->
                        record(
                                state,
                                recommender.recommend(state, size),
                                recommender.scorer().version(),
                                clock.millis()));
    }

    /** The cold-start list of an unknown user (not published, not stored). */
    public Recommendations coldStart(String userId, int size) {
        return live.use(
                recommender ->
                        Recommendations.newBuilder()
                                .setUserId(userId)
                                .setItems(recommender.recommend(null, size))
                                .setModelVersion(recommender.scorer().version())
                                .setUserStateVersion(0L)
                                .setGeneratedAt(java.time.Instant.ofEpochMilli(clock.millis()))
                                .build());
    }

    private static Recommendations record(
            UserState state, List<RecommendedItem> items, String modelVersion, long now) {
        return Recommendations.newBuilder()
                .setUserId(state.getUserId())
                .setItems(items)
                .setModelVersion(modelVersion)
                .setUserStateVersion(state.getVersion())
                .setGeneratedAt(java.time.Instant.ofEpochMilli(now))
                .setCauseEventId(state.getLastEventId())
                // UserState carries the cause's receive time but not its event time (lastSeen is
                // the latest event time, not necessarily the cause's): unknown, so null.
                .setCauseEventTime(null)
                .setCauseReceivedTime(state.getLastEventReceivedTime())
                .build();
    }

    /** Passes scoring through and counts the rows of the batch. */
    private static final class RowCounter implements CandidateScorer {
        private final CandidateScorer scorer;
        private long rows;

        RowCounter(CandidateScorer scorer) {
            this.scorer = scorer;
        }

        @Override
        public String version() {
            return scorer.version();
        }

        @Override
        public float[] score(FeatureMatrix features) {
            rows += features.rows();
            return scorer.score(features);
        }
    }
}
