package dev.perch.modelserver;

import dev.perch.events.DeadLetter;
import dev.perch.events.Recommendations;
import dev.perch.events.Topics;
import dev.perch.events.UserState;
import dev.perch.events.deadletter.DeadLetterRecords;
import dev.perch.events.serde.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
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
 * wall-clock punctuator, or at once when it holds {@code maxBatch} users. Older states than the one
 * buffered or already published are dropped, so a user never moves backwards. A tombstone (a
 * forgotten user) removes the user from every store and is passed on to perch.recommendations.
 *
 * <p>The buffer is a plain in-memory map, not a state store: it lives for a few milliseconds, and
 * writing each entry to RocksDB and a changelog (and deleting it again) cost more than the scoring.
 * It is derived state: a user is waiting exactly when its newest state ({@code latest-user-states})
 * is above its published list ({@code latest-recommendations}), both changelogged stores that are
 * flushed before the input offsets are committed. So when a task starts (after a restart or a move)
 * the buffer is rebuilt from the two stores, and no state whose offset was committed is lost.
 *
 * <p>When the model call of a batch fails, the batch is split in halves and each half scored on its
 * own, down to single users: the users that can be scored get their lists, and a user whose scoring
 * still fails becomes a {@code SCORING_FAILED} dead letter, so one bad user never blocks the others
 * (nor the partition, nor itself: its next state is tried again).
 */
public final class MicroBatchProcessor
        implements Processor<String, UserState, String, SpecificRecord> {
    private final BatchRecommender recommender;
    private final RecommendationListeners listeners;
    private final ModelServerMetrics metrics;
    private final Duration interval;
    private final int maxBatch;

    private final AvroCodec<UserState> codec = AvroCodec.of(UserState.class);

    /** Where each buffered state was read, for its dead letter; lost on restart (then unknown). */
    private final Map<String, RecordMetadata> origins = new HashMap<>();

    private ProcessorContext<String, SpecificRecord> context;

    /** Users waiting for the next batch, with their newest state, in arrival order. */
    private final Map<String, UserState> pending = new LinkedHashMap<>();

    private KeyValueStore<String, UserState> states;
    private KeyValueStore<String, Recommendations> published;

    public MicroBatchProcessor(
            BatchRecommender recommender,
            RecommendationListeners listeners,
            ModelServerMetrics metrics,
            Duration interval,
            int maxBatch) {
        this.recommender = recommender;
        this.listeners = listeners;
        this.metrics = metrics;
        this.interval = interval;
        this.maxBatch = maxBatch;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.states = context.getStateStore(RecommendationTopology.USER_STATE_STORE);
        this.published = context.getStateStore(RecommendationTopology.RECOMMENDATIONS_STORE);
        pending.clear();
        try (KeyValueIterator<String, UserState> all = states.all()) {
            pending.putAll(waiting(all, published::get));
        }
        metrics.buffered(pending.size());
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    /**
     * The users whose newest state ({@code states}) is above their published list: those a stopped
     * task had buffered but not scored, to be scored by the task that starts now.
     */
    static Map<String, UserState> waiting(
            Iterator<KeyValue<String, UserState>> states,
            Function<String, Recommendations> published) {
        Map<String, UserState> waiting = new LinkedHashMap<>();
        while (states.hasNext()) {
            KeyValue<String, UserState> next = states.next();
            if (next.value != null
                    && VersionGuard.admits(next.value, published.apply(next.key), null)) {
                waiting.put(next.key, next.value);
            }
        }
        return waiting;
    }

    @Override
    public void process(Record<String, UserState> record) {
        UserState state = record.value();
        if (record.key() == null) {
            return;
        }
        if (state == null) {
            forget(record);
            return;
        }
        UserState waiting = pending.get(record.key());
        // a waiting state is above the published list (it was admitted against it), so the list
        // need not be read (a store get and a decode) while the user waits for the batch
        Recommendations last = waiting == null ? published.get(record.key()) : null;
        if (!VersionGuard.admits(state, last, waiting)) {
            metrics.skippedStale();
            return;
        }
        pending.put(record.key(), state);
        states.put(record.key(), state);
        context.recordMetadata().ifPresent(m -> origins.put(record.key(), m));
        if (waiting == null) {
            metrics.buffered(1);
        }
        if (pending.size() >= maxBatch) {
            flush();
        }
    }

    /**
     * A tombstone on perch.user-state: the user was forgotten. Every store of this instance drops
     * them, and a tombstone goes out on perch.recommendations so its compaction drops them too.
     */
    private void forget(Record<String, UserState> record) {
        String user = record.key();
        if (pending.remove(user) != null) {
            metrics.buffered(-1);
        }
        origins.remove(user);
        states.delete(user);
        published.delete(user);
        context.forward(new Record<String, Recommendations>(user, null, record.timestamp()));
        metrics.forgotten();
    }

    /** Scores everything buffered, {@code maxBatch} users per model call. */
    private void flush() {
        while (!pending.isEmpty()) {
            List<String> keys = new ArrayList<>(Math.min(maxBatch, pending.size()));
            List<UserState> batch = new ArrayList<>(Math.min(maxBatch, pending.size()));
            Iterator<Map.Entry<String, UserState>> it = pending.entrySet().iterator();
            while (it.hasNext() && batch.size() < maxBatch) {
                Map.Entry<String, UserState> next = it.next();
                keys.add(next.getKey());
                batch.add(next.getValue());
                it.remove();
            }
            metrics.buffered(-batch.size());
            score(keys, batch);
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
        for (int i = 0; i < lists.size(); i++) {
            Recommendations list = lists.get(i);
            origins.remove(keys.get(i));
            published.put(keys.get(i), list);
            context.forward(
                    new Record<String, SpecificRecord>(
                            keys.get(i), list, list.getGeneratedAt().toEpochMilli()),
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
                new Record<String, SpecificRecord>(key, letter, System.currentTimeMillis()),
                RecommendationTopology.DEAD_LETTER_SINK);
    }

    @Override
    public void close() {
        // the task leaves this instance (or it stops): its buffer is no longer ours to report
        metrics.buffered(-pending.size());
        pending.clear();
    }
}
