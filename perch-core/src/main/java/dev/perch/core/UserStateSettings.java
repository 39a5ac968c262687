package dev.perch.core;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of the user-state update rule, shared by the Flink job and the offline evaluator so
 * both compute the same state from the same events. Immutable; validated on construction.
 *
 * @param weights how much each event type moves the vector
 * @param halfLife after this much event time, an event counts half as much as a fresh one
 * @param maxRecentItems how many distinct recent items a state keeps
 * @param maxPurchasedItems how many distinct purchased items a state keeps
 * @param maxCategories how many top-level categories the affinity map keeps (the strongest)
 * @param maxSequenceLength how many interactions (repeats included) the ordered sequence keeps
 */
public record UserStateSettings(
        EventWeights weights,
        Duration halfLife,
        int maxRecentItems,
        int maxPurchasedItems,
        int maxCategories,
        int maxSequenceLength)
        implements Serializable {
    private static final int DEFAULTS_SEQUENCE_LENGTH = 200;

    /**
     * Default weights, a 7-day half-life, 50 recent items, 100 purchases, 10 categories, a sequence
     * of the latest 200 interactions.
     */
    public static final UserStateSettings DEFAULTS =
            new UserStateSettings(
                    EventWeights.DEFAULTS,
                    Duration.ofDays(7),
                    50,
                    100,
                    10,
                    DEFAULTS_SEQUENCE_LENGTH);

    /** The settings before the ordered sequence existed, kept by the older constructor. */
    public UserStateSettings(
            EventWeights weights,
            Duration halfLife,
            int maxRecentItems,
            int maxPurchasedItems,
            int maxCategories) {
        this(
                weights,
                halfLife,
                maxRecentItems,
                maxPurchasedItems,
                maxCategories,
                DEFAULTS_SEQUENCE_LENGTH);
    }

    public UserStateSettings {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(halfLife, "halfLife");
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("halfLife must be positive: " + halfLife);
        }
        requirePositive("maxRecentItems", maxRecentItems);
        requirePositive("maxPurchasedItems", maxPurchasedItems);
        requirePositive("maxCategories", maxCategories);
        requirePositive("maxSequenceLength", maxSequenceLength);
    }

    /** A copy with other weights. */
    public UserStateSettings withWeights(EventWeights newWeights) {
        return new UserStateSettings(
                newWeights,
                halfLife,
                maxRecentItems,
                maxPurchasedItems,
                maxCategories,
                maxSequenceLength);
    }

    /** A copy with another half-life. */
    public UserStateSettings withHalfLife(Duration newHalfLife) {
        return new UserStateSettings(
                weights,
                newHalfLife,
                maxRecentItems,
                maxPurchasedItems,
                maxCategories,
                maxSequenceLength);
    }

    /** A copy with other list and map bounds. */
    public UserStateSettings withBounds(int recentItems, int purchasedItems, int categories) {
        return new UserStateSettings(
                weights, halfLife, recentItems, purchasedItems, categories, maxSequenceLength);
    }

    /** A copy whose ordered sequence keeps at most this many interactions. */
    public UserStateSettings withSequenceLength(int length) {
        return new UserStateSettings(
                weights, halfLife, maxRecentItems, maxPurchasedItems, maxCategories, length);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
