package dev.perch.modelserver;

import dev.perch.events.DeadLetter;
import dev.perch.events.Recommendations;
import dev.perch.events.Topics;
import dev.perch.events.UserState;
import dev.perch.events.deadletter.DeadLetterRecords;
import dev.perch.events.serde.AvroCodec;
import dev.perch.events.serde.VersionReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Buffers the newest state of each changed user and scores the buffer as one micro-batch on a
 * wall-clock tick, or at once when it holds {@code maxBatch} users. The ticks of every task of the
 * instance fall on one grid (the wall clock divided by the interval), and a tick's flushes of all
 * the tasks share one batch's fixed part ({@link CombinedBatches}); a full buffer is scored on its
 * own at once. Older states than the one buffered or already published are dropped, so a user never
 * moves backwards. A tombstone (a forgotten user) removes the user from every store and is passed
 * on to perch.recommendations.
 *
 * <p>The buffer is a plain in-memory map, not a state store: it lives for a few milliseconds, and
 * writing each entry to RocksDB and a changelog (and deleting it again) cost more than the scoring.
 * It is derived state: a user is waiting exactly when its newest state ({@code latest-user-states})
 * is above its published list ({@code latest-recommendations}). Both stores are flushed before the
 * input offsets are committed, and both restore: the lists from their changelog, the states from
 * perch.user-state itself up to the committed offset ({@link LatestUserStates}). So when a task
 * starts (after a restart or a move) the buffer is rebuilt from the two stores, and no state whose
 * offset was committed is lost.
 *
 * <p>Nothing is encoded twice: {@code latest-user-states} holds the bytes read from
 * perch.user-state ({@link IncomingState}), {@code latest-recommendations} the bytes that go out on
 * perch.recommendations, and the version guard reads only the list's state version from them
 * ({@link VersionReader}), not its items.
 *
 * <p><b>Catching up.</b> A state that waited longer than {@link Batching#catchUpAfter} on
 * perch.user-state (this host's clock against its {@code updatedAt}, stamped by the user-state job)
 * means the instance is behind: a backlog after a restart, a burst above what it scores. Then it
 * scores only at {@link Batching#catchUpBatch} users, or when its input is drained, or when the
 * oldest buffered user has waited {@code catchUpAfter} in the buffer, instead of at {@code
 * maxBatch} users or every interval. A user's states further down the backlog then replace the
 * buffered one instead of each being scored in turn: the instance spends its CPU on the lists that
 * are still current, and reaches the head of the topic sooner. Still {@code maxBatch} users per
 * model call. The hosts' clocks must agree to well within {@code catchUpAfter} (NTP); zero turns
 * catching up off.
 *
 * <p>When the model call of a batch fails, the batch is split in halves and each half scored on its
 * own, down to single users: the users that can be scored get their lists, and a user whose scoring
 * still fails becomes a {@code SCORING_FAILED} dead letter, so one bad user never blocks the others
 * (nor the partition, nor itself: its next state is tried again).
 */
public final class MicroBatchProcessor implements Processor<String, IncomingState, String, Object> {
    private final BatchRecommender recommender;
    private final CombinedBatches combined;
    private final RecommendationListeners listeners;
    private final ModelServerMetrics metrics;
    private final Batching batching;
    private final InstantSource clock;

    private final AvroCodec<UserState> codec = AvroCodec.of(UserState.class);

    private final AvroCodec<Recommendations> listCodec = AvroCodec.of(Recommendations.class);

    /** The state version of a stored list, read without its items. */
    private static final VersionReader LIST_VERSION =
            VersionReader.of(Recommendations.class, "userStateVersion");

    /** Where each buffered state was read, for its dead letter; lost on restart (then unknown). */
    private final Map<String, RecordMetadata> origins = new HashMap<>();

    private ProcessorContext<String, Object> context;

    /** Users waiting for the next batch, with their newest state, in arrival order. */
    private final Map<String, UserState> pending = new LinkedHashMap<>();

    /** Whether the newest state read had waited longer than {@code catchUpAfter}. */
    private boolean catchingUp;

    /** States read since the last punctuation; none: the input is drained. */
    private int readSinceTick;

    /** When (this task's wall clock, ms) the oldest user now buffered was buffered. */
    private long bufferedSince;

    /** The batch interval's grid cell (wall clock / interval) of the last tick. */
    private long lastTick;

    /** This task's place in the instance's combined rounds, from init to close. */
    private CombinedBatches.Member member;

    /** Each user's published list, as the bytes sent on perch.recommendations. */
    private KeyValueStore<String, byte[]> published;

    /**
     * A task's processor; {@code combined} is shared by the processors of every task of the
     * instance (see {@link CombinedBatches}).
     */
    public MicroBatchProcessor(
            BatchRecommender recommender,
            CombinedBatches combined,
            RecommendationListeners listeners,
            ModelServerMetrics metrics,
            Batching batching,
            InstantSource clock) {
        this.recommender = recommender;
        this.combined = combined;
        this.listeners = listeners;
        this.metrics = metrics;
        this.batching = batching;
        this.clock = clock;
    }

    /**
     * When buffered users are scored.
     *
     * @param interval how often the buffer is scored (wall clock) while the instance keeps up
     * @param maxBatch a batch is scored at once when this many users are buffered; also the most
     *     users per model call
     * @param catchUpAfter a state that waited longer than this on perch.user-state puts the task in
     *     catch-up (see the class); zero: never
     * @param catchUpBatch while catching up, the buffer is scored at this many users
     */
    public record Batching(
            Duration interval, int maxBatch, Duration catchUpAfter, int catchUpBatch) {
        public Batching {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(catchUpAfter, "catchUpAfter");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the batch interval must be positive");
            }
            if (maxBatch <= 0) {
                throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
            }
            if (catchUpAfter.isNegative()) {
                throw new IllegalArgumentException("catchUpAfter must not be negative");
            }
            if (catchUpBatch < maxBatch) {
                throw new IllegalArgumentException(
                        "catchUpBatch (" + catchUpBatch + ") must be at least maxBatch");
            }
        }

        /**
         * How often a task looks whether the wall clock has reached the next tick: an eighth of the
         * interval (at least 1 ms). The stream thread must not block in its poll for longer either
         * ({@code poll.ms}, see {@link ModelServer}), or a tick waits for the next fetch.
         */
        public Duration checkEvery() {
            return Duration.ofMillis(Math.max(1, interval.toMillis() / 8));
        }

        /** Scoring every {@code interval} or at {@code maxBatch} users, never catching up. */
        public static Batching of(Duration interval, int maxBatch) {
            return new Batching(interval, maxBatch, Duration.ZERO, maxBatch);
        }
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.published = context.getStateStore(RecommendationTopology.RECOMMENDATIONS_STORE);
        pending.clear();
        // each user's newest state as read from perch.user-state (written by LatestUserStates):
        // read only here, to rebuild the buffer
        KeyValueStore<String, byte[]> states =
                context.getStateStore(RecommendationTopology.USER_STATE_STORE);
        try (KeyValueIterator<String, byte[]> all = states.all()) {
            pending.putAll(waiting(decoded(all), this::publishedVersion));
        }
        metrics.buffered(pending.size());
        bufferedSince = clock.millis();
        member = combined.join();
        member.buffering(!pending.isEmpty());
        lastTick = context.currentSystemTimeMs() / batching.interval().toMillis();
        // ticks on a grid common to the instance's tasks (the wall clock divided by the interval),
        // so that their flushes share one encoder call: checked every eighth of the interval, as
        // a punctuation's own schedule starts when its task starts
        context.schedule(batching.checkEvery(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    /**
     * The stored states, decoded as they are read (bytes that are no state, which only a restore
     * can copy into the store, as null: see {@link LatestUserStates}).
     */
    private static Iterator<KeyValue<String, UserState>> decoded(
            Iterator<KeyValue<String, byte[]>> all) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return all.hasNext();
            }

            @Override
            public KeyValue<String, UserState> next() {
                KeyValue<String, byte[]> next = all.next();
                return KeyValue.pair(next.key, LatestUserStates.decode(next.value).orElse(null));
            }
        };
    }

    /** Ticks when the wall clock has entered the next cell of the interval's grid. */
    private void punctuate(long now) {
        long tick = now / batching.interval().toMillis();
        if (tick > lastTick) {
            lastTick = tick;
            tick(tick);
        }
    }

    /**
     * The interval's tick: scores the buffer, unless the task is catching up, its input still flows
     * and the oldest buffered user has waited less than {@code catchUpAfter}.
     */
    private void tick(long tick) {
        member.ticked(tick);
        boolean drained = readSinceTick == 0;
        readSinceTick = 0;
        if (!catchingUp
                || drained
                || clock.millis() - bufferedSince >= batching.catchUpAfter().toMillis()) {
            flush(tick);
        }
    }

    /**
     * The users whose newest state ({@code states}) is above their published list: those a stopped
     * task had buffered but not scored, to be scored by the task that starts now.
     */
    static Map<String, UserState> waiting(
            Iterator<KeyValue<String, UserState>> states, ToLongFunction<String> published) {
        Map<String, UserState> waiting = new LinkedHashMap<>();
        while (states.hasNext()) {
            KeyValue<String, UserState> next = states.next();
            if (next.value != null
                    && VersionGuard.admits(next.value, published.applyAsLong(next.key), null)) {
                waiting.put(next.key, next.value);
            }
        }
        return waiting;
    }

    @Override
    public void process(Record<String, IncomingState> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            forget(record);
            return;
        }
        UserState state = record.value().state();
        UserState waiting = pending.get(record.key());
        // a waiting state is above the published list (it was admitted against it), so the list
        // need not be read (a store get) while the user waits for the batch
        long last = waiting == null ? publishedVersion(record.key()) : VersionGuard.NONE;
        if (!VersionGuard.admits(state, last, waiting)) {
            metrics.skippedStale();
            return;
        }
        long now = clock.millis();
        if (pending.isEmpty()) {
            bufferedSince = now;
            member.buffering(true);
        }
        pending.put(record.key(), state);
        context.recordMetadata().ifPresent(m -> origins.put(record.key(), m));
        if (waiting == null) {
            metrics.buffered(1);
        } else {
            metrics.coalesced();
        }
        readSinceTick++;
        catchingUp = behind(state, now);
        if (pending.size() >= (catchingUp ? batching.catchUpBatch() : batching.maxBatch())) {
            flush(NOT_ON_A_TICK);
        }
    }

    /**
     * The state version of {@code user}'s stored list, or {@link VersionGuard#NONE} when there is
     * none (or its bytes are no list, which only a hand-edited changelog could hold).
     */
    private long publishedVersion(String user) {
        byte[] stored = published.get(user);
        return stored == null ? VersionGuard.NONE : LIST_VERSION.version(stored);
    }

    /** Whether {@code state} waited on perch.user-state longer than {@code catchUpAfter}. */
    private boolean behind(UserState state, long now) {
        long after = batching.catchUpAfter().toMillis();
        return after > 0 && now - state.getUpdatedAt().toEpochMilli() > after;
    }

    /**
     * A tombstone on perch.user-state: the user was forgotten. Every store of this instance drops
     * them, and a tombstone goes out on perch.recommendations so its compaction drops them too.
     */
    private void forget(Record<String, IncomingState> record) {
        String user = record.key();
        if (pending.remove(user) != null) {
            metrics.buffered(-1);
            member.buffering(!pending.isEmpty());
        }
        origins.remove(user);
        // latest-user-states drops them itself (LatestUserStates, the source's first child)
        published.delete(user);
        context.forward(
                new Record<String, Object>(user, null, record.timestamp()),
                RecommendationTopology.SINK);
        metrics.forgotten();
    }

    /** {@link #flush}'s tick for a flush that is not on one (a full buffer): scored apart. */
    private static final long NOT_ON_A_TICK = -1;

    /**
     * Scores everything buffered, {@code maxBatch} users per model call: on a {@code tick}, in one
     * round with the other tasks' flushes of that tick ({@link CombinedBatches}); otherwise (a full
     * buffer, a flush that does not fit the round), or when the round fails for this task, on this
     * task's own.
     */
    private void flush(long tick) {
        if (pending.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(pending.keySet());
        List<UserState> batch = new ArrayList<>(pending.values());
        pending.clear();
        member.buffering(false);
        metrics.buffered(-batch.size());
        if (tick != NOT_ON_A_TICK) {
            List<Recommendations> lists = null;
            try {
                lists = member.recommend(tick, batch);
            } catch (RuntimeException e) {
                // the round's shared part or this task's slice failed: this task's users are
                // scored apart below, a failing one split off as a dead letter
            }
            if (lists != null) {
                publish(keys, lists);
                return;
            }
        }
        for (int from = 0; from < batch.size(); from += batching.maxBatch()) {
            int to = Math.min(batch.size(), from + batching.maxBatch());
            score(keys.subList(from, to), batch.subList(from, to));
        }
    }

    /** Scores one batch in one model call; on failure, each half on its own (see the class). */
    private void score(List<String> keys, List<UserState> batch) {
        List<Recommendations> lists;
        try {
            lists = recommender.recommend(batch);
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                reject(keys.get(0), batch.get(0), e);
                return;
            }
            int half = batch.size() / 2;
            score(keys.subList(0, half), batch.subList(0, half));
            score(keys.subList(half, keys.size()), batch.subList(half, batch.size()));
            return;
        }
        publish(keys, lists);
    }

    /** Stores and sends the lists of the users {@code keys}, in their order. */
    private void publish(List<String> keys, List<Recommendations> lists) {
        for (int i = 0; i < lists.size(); i++) {
            Recommendations list = lists.get(i);
            byte[] bytes = listCodec.encode(list);
            origins.remove(keys.get(i));
            published.put(keys.get(i), bytes);
            context.forward(
                    new Record<String, Object>(
                            keys.get(i), bytes, list.getGeneratedAt().toEpochMilli()),
                    RecommendationTopology.SINK);
            listeners.publish(list);
            metrics.clickToRecommendation(list);
        }
        metrics.published(lists.size());
    }

    /** A user whose scoring fails on its own: a dead letter, and out of the buffer. */
    private void reject(String key, UserState state, RuntimeException failure) {
        RecordMetadata origin = origins.remove(key);
        DeadLetter letter =
                DeadLetterRecords.of(
                        origin == null ? Topics.USER_STATE : origin.topic(),
                        origin == null ? -1 : origin.partition(),
                        origin == null ? -1L : origin.offset(),
                        key.getBytes(StandardCharsets.UTF_8),
                        codec.encode(state),
                        DeadLetterHandlers.STAGE,
                        "SCORING_FAILED",
                        "user "
                                + key
                                + " version "
                                + state.getVersion()
                                + ": "
                                + DeadLetterRecords.describe(failure),
                        Instant.now());
        metrics.deadLetter(Topics.USER_STATE, "SCORING_FAILED");
        context.forward(
                new Record<String, Object>(key, letter, System.currentTimeMillis()),
                RecommendationTopology.DEAD_LETTER_SINK);
    }

    @Override
    public void close() {
        // the task leaves this instance (or it stops): its buffer is no longer ours to report
        metrics.buffered(-pending.size());
        pending.clear();
        if (member != null) {
            member.close();
        }
    }
}
