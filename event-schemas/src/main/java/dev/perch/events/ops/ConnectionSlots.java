package dev.perch.events.ops;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts long-lived connections (SSE streams) per client and in total, so that one client, or a
 * flood of them, cannot take every thread or socket of a process. Thread-safe.
 */
public final class ConnectionSlots {

    private final int perClient;
    private final int total;
    private final Map<String, Integer> byClient = new HashMap<>();
    private int open;

    public ConnectionSlots(int perClient, int total) {
        if (perClient < 1 || total < 1) {
            throw new IllegalArgumentException("limits must be >= 1");
        }
        this.perClient = perClient;
        this.total = total;
    }

    /** A held slot; {@link #release} it exactly once (later calls do nothing). */
    public final class Slot {
        private final String client;
        private boolean released;

        private Slot(String client) {
            this.client = client;
        }

        public void release() {
            synchronized (ConnectionSlots.this) {
                if (released) {
                    return;
                }
                released = true;
                open--;
                byClient.computeIfPresent(client, (c, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    /** A slot for {@code client}, or empty when the client or the process is at its limit. */
    public synchronized Optional<Slot> tryAcquire(String client) {
        int mine = byClient.getOrDefault(client, 0);
        if (open >= total || mine >= perClient) {
            return Optional.empty();
        }
        open++;
        byClient.put(client, mine + 1);
        return Optional.of(new Slot(client));
    }

    /** Slots held now. */
    public synchronized int open() {
        return open;
    }

    /** Why a refused client was refused, for the 429 answer. */
    public synchronized String refusal(String client) {
        return open >= total
                ? "too many open streams on this server (" + total + "); retry later"
                : "too many open streams from this client (" + perClient + ")";
    }

    public int perClient() {
        return perClient;
    }

    public int total() {
        return total;
    }
}
