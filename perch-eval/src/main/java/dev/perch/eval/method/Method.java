package dev.perch.eval.method;

import dev.perch.eval.data.Interaction;
import java.util.List;

/**
 * A recommender under evaluation. The harness calls {@link #learn} for events a model may be
 * trained on, {@link #track} for events that only move the user's real-time state, {@link #fit}
 * after a block of learning, and {@link #recommend} before each target.
 */
public interface Method {
    /** The name in reports. */
    String name();

    /**
     * Learns one event into the global model or statistics.
     *
     * @param before the same user's or session's items before this one, oldest first (at most the
     *     last {@link #CONTEXT} items)
     */
    void learn(Interaction event, List<String> before);

    /** Moves the user's real-time state (only methods that keep one do something). */
    default void track(Interaction event) {}

    /** Called after a block of {@link #learn} calls: batch models train here. */
    default void fit() {}

    /** Stops (true) or resumes (false) real-time state updates; only the frozen variant cares. */
    default void freeze(boolean frozen) {}

    /** Up to {@code k} allowed items, best first, ties broken by item id. */
    List<String> recommend(Query query, int k);

    /** How many previous items {@link #learn} receives. */
    int CONTEXT = 10;
}
