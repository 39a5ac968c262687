package dev.perch.modelserver;

import dev.perch.events.Recommendations;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process subscribers to one user's new lists (the SSE stream), fed by the scoring processor of
 * this instance right after it publishes, and by the {@link RecommendationsFeed} with the lists of
 * every instance; each list version reaches a subscriber once.
 */
public final class RecommendationListeners {
    private static final Logger LOG = LoggerFactory.getLogger(RecommendationListeners.class);

    private final Map<String, List<Consumer<Recommendations>>> byUser = new ConcurrentHashMap<>();

    /** The newest list version pushed to each subscribed user. */
    private final Map<String, Long> pushed = new ConcurrentHashMap<>();

    /** Subscribes; run the returned action to unsubscribe. */
    public Runnable subscribe(String userId, Consumer<Recommendations> listener) {
        byUser.computeIfAbsent(userId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () ->
                byUser.computeIfPresent(
                        userId,
                        (id, list) -> {
                            list.remove(listener);
                            if (list.isEmpty()) {
                                pushed.remove(userId);
                                return null;
                            }
                            return list;
                        });
    }

    /**
     * Hands a new list to the subscribers of its user, unless a list of the same or a newer user
     * state version reached them already; a failing listener is logged, not fatal.
     */
    public void publish(Recommendations recommendations) {
        String userId = recommendations.getUserId();
        List<Consumer<Recommendations>> listeners = byUser.get(userId);
        if (listeners == null) {
            return;
        }
        long version = recommendations.getUserStateVersion();
        boolean[] newer = {false};
        pushed.compute(
                userId,
                (id, last) -> {
                    if (last != null && last >= version) {
                        return last;
                    }
                    newer[0] = true;
                    return version;
                });
        if (!newer[0]) {
            return;
        }
        for (Consumer<Recommendations> listener : listeners) {
            try {
                listener.accept(recommendations);
            } catch (RuntimeException e) {
                LOG.warn("A listener of {} failed: {}", recommendations.getUserId(), e.toString());
            }
        }
    }

    public int subscribers() {
        return byUser.values().stream().mapToInt(List::size).sum();
    }
}
