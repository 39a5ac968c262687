package dev.perch.core.itemstats;

import dev.perch.core.recommend.ScoredId;
import dev.perch.events.ClickEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Co-visitation over a whole stream in memory: a {@link PairWindow} per user feeding a {@link
 * NeighborScores} per item. The evaluator and the trainer use it; the Flink job keeps the same two
 * parts in keyed state.
 */
public final class CoVisitationIndex {
    private final CoVisitationSettings settings;
    private final Map<String, PairWindow> windows = new HashMap<>();
    private final Map<String, NeighborScores> neighbors = new HashMap<>();

    public CoVisitationIndex(CoVisitationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Feeds one event (events without an item, or of a type that does not count, change nothing).
     */
    public void add(ClickEvent event) {
        if (event.getItemId() == null || event.getUserId() == null) {
            return;
        }
        PairWindow window =
                windows.computeIfAbsent(event.getUserId(), user -> new PairWindow(settings));
        for (CoVisit pair :
                window.add(
                        event.getItemId(), event.getType(), event.getEventTime().toEpochMilli())) {
            add(pair);
        }
    }

    /** Adds one directed pair. */
    public void add(CoVisit pair) {
        neighbors
                .computeIfAbsent(pair.item(), item -> new NeighborScores(settings))
                .add(pair.neighbor(), pair.weight(), pair.eventTime());
    }

    /** The {@code n} strongest neighbours of {@code itemId}, empty when it has none. */
    public List<ScoredId> neighbors(String itemId, int n) {
        NeighborScores scores = neighbors.get(itemId);
        return scores == null ? List.of() : scores.top(n);
    }

    /** How many items have neighbours. */
    public int items() {
        return neighbors.size();
    }
}
