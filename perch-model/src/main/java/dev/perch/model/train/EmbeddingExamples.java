package dev.perch.model.train;

import dev.perch.core.EventWeights;
import dev.perch.core.HalfLifeDecay;
import dev.perch.core.UserStateSettings;
import dev.perch.events.ClickEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Next-item examples for the embedding model: for every event on a known item with a positive
 * weight, the user's previous items (up to {@code contextSize}, newest first) with the weight the
 * live user vector gives them ({@link EventWeights} times the half-life decay of {@link
 * UserStateSettings#DEFAULTS}), and the event's item as the target.
 *
 * @param contextIds n x L item indices, row-major
 * @param contextWeights n x L weights, 0 for padding
 * @param targets n target item indices
 * @param contextSize L
 */
record EmbeddingExamples(
        long[] contextIds, float[] contextWeights, long[] targets, int contextSize) {

    int size() {
        return targets.length;
    }

    private record Touch(int item, double weight, long time) {}

    /** The examples of {@code events} (in event-time order), the latest {@code max} kept. */
    static EmbeddingExamples build(
            List<ClickEvent> events, ItemVocabulary vocabulary, int contextSize, int max) {
        UserStateSettings settings = UserStateSettings.DEFAULTS;
        EventWeights weights = settings.weights();
        HalfLifeDecay decay = new HalfLifeDecay(settings.halfLife());
        Map<String, Deque<Touch>> history = new HashMap<>();
        int capacity = Math.min(max, events.size());
        long[] ids = new long[capacity * contextSize];
        float[] ws = new float[capacity * contextSize];
        long[] targets = new long[capacity];
        int written = 0;
        for (ClickEvent e : events) {
            int item = vocabulary.indexOf(e.getItemId());
            double w = weights.weightOf(e);
            if (item < 0 || w <= 0) {
                continue;
            }
            long t = e.getEventTime().toEpochMilli();
            Deque<Touch> past =
                    history.computeIfAbsent(e.getUserId().toString(), u -> new ArrayDeque<>());
            if (!past.isEmpty()) {
                int slot = written % capacity;
                int at = slot * contextSize;
                int k = 0;
                for (Iterator<Touch> it = past.iterator(); it.hasNext() && k < contextSize; k++) {
                    Touch touch = it.next();
                    ids[at + k] = touch.item();
                    ws[at + k] = (float) (touch.weight() * decay.factor(t - touch.time()));
                }
                for (; k < contextSize; k++) {
                    ids[at + k] = 0;
                    ws[at + k] = 0f;
                }
                targets[slot] = item;
                written++;
            }
            past.addFirst(new Touch(item, w, t));
            if (past.size() > contextSize) {
                past.removeLast();
            }
        }
        return keepLatest(ids, ws, targets, written, capacity, contextSize);
    }

    /** The ring buffer unrolled to the written examples in their original order. */
    private static EmbeddingExamples keepLatest(
            long[] ids, float[] ws, long[] targets, int written, int capacity, int l) {
        int n = Math.min(written, capacity);
        int start = written > capacity ? written % capacity : 0;
        long[] outIds = new long[n * l];
        float[] outWs = new float[n * l];
        long[] outTargets = new long[n];
        for (int i = 0; i < n; i++) {
            int from = (start + i) % capacity;
            System.arraycopy(ids, from * l, outIds, i * l, l);
            System.arraycopy(ws, from * l, outWs, i * l, l);
            outTargets[i] = targets[from];
        }
        return new EmbeddingExamples(outIds, outWs, outTargets, l);
    }
}
