package dev.perch.modelserver;

import dev.perch.events.Recommendations;
import dev.perch.events.UserState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Buffers the newest state of each changed user and scores the buffer as one micro-batch on a
 * wall-clock punctuator, or at once when it holds {@code maxBatch} users. Older states than the one
 * buffered or already published are dropped, so a user never moves backwards. A tombstone (a
 * forgotten user) removes the user from every store and is passed on to perch.recommendations.
 */
public final class MicroBatchProcessor
        implements Processor<String, UserState, String, Recommendations> {
    private final BatchRecommender recommender;
    private final RecommendationListeners listeners;
    private final ModelServerMetrics metrics;
    private final Duration interval;
    private final int maxBatch;

    private ProcessorContext<String, Recommendations> context;
    private KeyValueStore<String, UserState> pending;
    private KeyValueStore<String, UserState> states;
    private KeyValueStore<String, Recommendations> published;
    private long buffered;

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
    public void init(ProcessorContext<String, Recommendations> context) {
        this.context = context;
        this.pending = context.getStateStore(RecommendationTopology.PENDING_STORE);
        this.states = context.getStateStore(RecommendationTopology.USER_STATE_STORE);
        this.published = context.getStateStore(RecommendationTopology.RECOMMENDATIONS_STORE);
        try (KeyValueIterator<String, UserState> all = pending.all()) {
            while (all.hasNext()) {
                all.next();
                buffered++;
            }
        }
        metrics.buffered(buffered);
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
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
        if (!VersionGuard.admits(state, published.get(record.key()), waiting)) {
            metrics.skippedStale();
            return;
        }
        pending.put(record.key(), state);
        states.put(record.key(), state);
        if (waiting == null) {
            buffered++;
            metrics.buffered(1);
        }
        if (buffered >= maxBatch) {
            flush();
        }
    }

    /**
     * A tombstone on perch.user-state: the user was forgotten. Every store of this instance drops
     * them, and a tombstone goes out on perch.recommendations so its compaction drops them too.
     */
    private void forget(Record<String, UserState> record) {
        String user = record.key();
        if (pending.delete(user) != null) {
            buffered--;
            metrics.buffered(-1);
        }
        states.delete(user);
        published.delete(user);
        context.forward(new Record<String, Recommendations>(user, null, record.timestamp()));
        metrics.forgotten();
    }

    /** Scores everything buffered, {@code maxBatch} users per model call. */
    private void flush() {
        while (buffered > 0) {
            List<String> keys = new ArrayList<>();
            List<UserState> batch = new ArrayList<>();
            try (KeyValueIterator<String, UserState> all = pending.all()) {
                while (all.hasNext() && batch.size() < maxBatch) {
                    KeyValue<String, UserState> next = all.next();
                    keys.add(next.key);
                    batch.add(next.value);
                }
            }
            if (batch.isEmpty()) {
                metrics.buffered(-buffered);
                buffered = 0;
                break;
            }
            List<Recommendations> lists = recommender.recommend(batch);
            for (int i = 0; i < lists.size(); i++) {
                Recommendations list = lists.get(i);
                pending.delete(keys.get(i));
                published.put(keys.get(i), list);
                context.forward(
                        new Record<>(keys.get(i), list, list.getGeneratedAt().toEpochMilli()));
                listeners.publish(list);
                metrics.clickToRecommendation(list);
            }
            buffered -= batch.size();
            metrics.buffered(-batch.size());
            metrics.published(lists.size());
        }
    }

    @Override
    public void close() {
        // the task leaves this instance (or it stops): its buffer is no longer ours to report
        metrics.buffered(-buffered);
        buffered = 0;
    }
}
