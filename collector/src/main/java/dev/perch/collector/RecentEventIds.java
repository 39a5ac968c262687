package dev.perch.collector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last {@code capacity} events this collector stored, so a tracker's retry of a
 * batch whose answer got lost is not written twice. Best effort only (one process, bounded):
 * consumers still deduplicate by eventId. Thread-safe.
 */
public final class RecentEventIds {

    private final Map<String, Boolean> ids;

    public RecentEventIds(int capacity) {
        this.ids =
                new LinkedHashMap<>(16, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                        return size() > capacity;
                    }
                };
    }

    /** Whether {@code eventId} was stored recently. */
    public synchronized boolean contains(String eventId) {
        return ids.containsKey(eventId);
    }

    /** Remembers that {@code eventId} is stored (call only after Kafka acknowledged it). */
    public synchronized void add(String eventId) {
        ids.put(eventId, Boolean.TRUE);
    }
}
