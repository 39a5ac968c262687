package dev.perch.modelserver;

import dev.perch.events.Recommendations;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process subscribers to one user's new lists (the SSE stream), fed by the scoring processor of
 * this instance right after it publishes, and by the {@link RecommendationsFeed} with the lists of
 * every instance; each list version reaches a subscriber once. The feed reads the topic at the
 * event path's pace only while someone here is subscribed: it learns of a first subscriber through
 * {@link #onSubscribe}.
 */
public final class RecommendationListeners {
    private static final Logger LOG = LoggerFactory.getLogger(RecommendationListeners.class);

    private final Map<String, List<Consumer<Recommendations>>> byUser = new ConcurrentHashMap<>();

    /** The newest list version pushed to each subscribed user. */
    private final Map<String, Long> pushed = new ConcurrentHashMap<>();

    /** Run after every subscription (the feed's wake-up). */
    private final List<Runnable> subscribeHooks = new CopyOnWriteArrayList<>();

    /** Subscribes; run the returned action to unsubscribe (once; running it again does nothing). */
    public Runnable subscribe(String userId, Consumer<Recommendations> listener) {
        // added inside the map's compute: an unsubscribe that empties the user's list drops it from
        // the map in its own compute, and a listener added to a list already dropped would never
        // hear of a list
        byUser.compute(
                userId,
                (id, list) -> {
                    List<Consumer<Recommendations>> listeners =
                            list == null ? new CopyOnWriteArrayList<>() : list;
                    listeners.add(listener);
                    return listeners;
                });
        subscribeHooks.forEach(Runnable::run);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (!open.compareAndSet(true, false)) {
                return;
            }
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
        };
    }

    /** Runs {@code hook} after every subscription from now on, on the subscribing thread. */
    void onSubscribe(Runnable hook) {
        subscribeHooks.add(hook);
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

    /** Subscriptions now open, all users together. */
    public int subscribers() {
        return byUser.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Whether anyone is subscribed: the feed's check on every round, without counting (a user's
     * list leaves the map with its last subscriber).
     */
    boolean hasSubscribers() {
        return !byUser.isEmpty();
    }
}
