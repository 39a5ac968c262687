package dev.perch.core.itemstats;

import dev.perch.core.recommend.ScoredId;
import dev.perch.events.ClickEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Directional transitions over a whole stream in memory: a {@link TransitionWindow} per user
 * feeding a {@link NeighborScores} of followers per item. The evaluator and the trainer use it; the
 * Flink item-statistics job keeps the same two parts in keyed state.
 */
public final class TransitionIndex {
    private final TransitionSettings settings;
    private final Map<String, TransitionWindow> windows = new HashMap<>();
    private final Map<String, NeighborScores> followers = new HashMap<>();

    public TransitionIndex(TransitionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Feeds one event (events without an item, or of a type that does not count, change nothing).
     */
    public void add(ClickEvent event) {
        if (event.getItemId() == null
                || event.getUserId() == null
                || VisitWeights.of(event.getType()) <= 0) {
            return;
        }
        TransitionWindow window =
                windows.computeIfAbsent(event.getUserId(), u -> new TransitionWindow(settings));
        for (CoVisit t : window.add(event.getItemId(), event.getEventTime().toEpochMilli())) {
            add(t);
        }
    }

    /** Adds one transition: {@code t.neighbor()} followed {@code t.item()}. */
    public void add(CoVisit t) {
        followers
                .computeIfAbsent(t.item(), item -> newScores(settings))
                .add(t.neighbor(), t.weight(), t.eventTime());
    }

    /** The {@code n} items that most followed {@code itemId}, strongest first. */
    public List<ScoredId> followers(String itemId, int n) {
        NeighborScores scores = followers.get(itemId);
        return scores == null ? List.of() : scores.top(n);
    }

    /** How many items have followers. */
    public int items() {
        return followers.size();
    }

    /** The bounded, decayed follower scores of one item, as the Flink job keeps them too. */
    public static NeighborScores newScores(TransitionSettings settings) {
        return new NeighborScores(settings.maxFollowers(), settings.halfLife());
    }
}
