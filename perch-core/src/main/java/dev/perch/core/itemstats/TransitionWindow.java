package dev.perch.core.itemstats;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One user's last interactions (at most {@code steps}, repeats included, in arrival order): each
 * new interaction forms a directed transition from every remembered one within {@code maxGap},
 * weighted {@code 1/d} for the one {@code d} steps back. Unlike {@link PairWindow} the direction is
 * kept ("b follows a" says nothing about "a follows b") and repeats count, as in sequential rules
 * (Ludewig and Jannach 2018, session-rec {@code sr.py}). Bounded whatever the user does.
 *
 * <p>Interactions are taken in the order they are added: the Flink job adds them in event-time
 * order per user (after its watermark), the evaluator in replay order, so both see the same
 * sequence.
 */
public final class TransitionWindow implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One remembered interaction. */
    public record Step(String itemId, long eventTime) implements Serializable {}

    private final TransitionSettings settings;
    private final ArrayList<Step> steps; // newest last

    public TransitionWindow(TransitionSettings settings) {
        this(settings, List.of());
    }

    /** A window holding {@code steps} (oldest first), for state restored by an engine. */
    public TransitionWindow(TransitionSettings settings, List<Step> steps) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.steps = new ArrayList<>(steps);
    }

    /** The remembered interactions, oldest first. */
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /**
     * Records an interaction with {@code itemId} and returns the transitions it closes, as {@link
     * CoVisit}s whose {@code item} is the earlier item and {@code neighbor} the later one.
     */
    public List<CoVisit> add(String itemId, long eventTime) {
        if (itemId == null) {
            return List.of();
        }
        long maxGap = settings.maxGap().toMillis();
        if (!steps.isEmpty() && eventTime - steps.get(steps.size() - 1).eventTime() > maxGap) {
            steps.clear();
        }
        List<CoVisit> transitions = new ArrayList<>(steps.size());
        for (int d = 1; d <= steps.size(); d++) {
            Step earlier = steps.get(steps.size() - d);
            transitions.add(new CoVisit(earlier.itemId(), itemId, 1.0 / d, eventTime));
        }
        steps.add(new Step(itemId, eventTime));
        while (steps.size() > settings.steps()) {
            steps.remove(0);
        }
        return transitions;
    }
}
