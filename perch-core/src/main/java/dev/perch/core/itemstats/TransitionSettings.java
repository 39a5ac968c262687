package dev.perch.core.itemstats;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of directional transitions ("b follows a within {@code steps} interactions"), shared by
 * the Flink item-statistics job, the evaluator and the trainer so all three count the same rules.
 *
 * @param maxGap a later interaction further than this in event time from an earlier one does not
 *     form a transition with it (a new visit starts a new session)
 * @param steps how many earlier interactions (repeats included) a new one forms transitions with;
 *     the one {@code d} steps back counts {@code 1/d}, as sequential rules' default weighting does
 * @param halfLife a transition this much older counts half as much
 * @param maxFollowers how many followers one item keeps (its state is bounded by this)
 */
public record TransitionSettings(Duration maxGap, int steps, Duration halfLife, int maxFollowers)
        implements Serializable {

    /** A 1-hour gap, 10 steps (sequential rules' default), 7-day half-life, 100 followers. */
    public static final TransitionSettings DEFAULTS =
            new TransitionSettings(Duration.ofHours(1), 10, Duration.ofDays(7), 100);

    public TransitionSettings {
        Objects.requireNonNull(maxGap, "maxGap");
        Objects.requireNonNull(halfLife, "halfLife");
        if (maxGap.isNegative() || maxGap.isZero() || halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("maxGap and halfLife must be positive");
        }
        if (steps <= 0 || maxFollowers <= 0) {
            throw new IllegalArgumentException("steps and maxFollowers must be positive");
        }
    }

    /** A copy with another number of steps. */
    public TransitionSettings withSteps(int newSteps) {
        return new TransitionSettings(maxGap, newSteps, halfLife, maxFollowers);
    }

    /** A copy with another gap. */
    public TransitionSettings withMaxGap(Duration newMaxGap) {
        return new TransitionSettings(newMaxGap, steps, halfLife, maxFollowers);
    }
}
