package dev.perch.core.itemstats;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of item-to-item co-visitation, shared by the Flink job and the evaluator.
 *
 * @param maxGap two visits further apart in event time than this do not pair
 * @param lookback how many of the user's previous items a new visit pairs with
 * @param halfLife a pair this much older counts half as much
 * @param maxNeighbors how many neighbours one item keeps (its state is bounded by this)
 */
public record CoVisitationSettings(
        Duration maxGap, int lookback, Duration halfLife, int maxNeighbors)
        implements Serializable {

    /** 30-minute gap, 5 previous items, 7-day half-life, 100 neighbours per item. */
    public static final CoVisitationSettings DEFAULTS =
            new CoVisitationSettings(Duration.ofMinutes(30), 5, Duration.ofDays(7), 100);

    public CoVisitationSettings {
        Objects.requireNonNull(maxGap, "maxGap");
        Objects.requireNonNull(halfLife, "halfLife");
        if (maxGap.isNegative() || maxGap.isZero() || halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("maxGap and halfLife must be positive");
        }
        if (lookback <= 0 || maxNeighbors <= 0) {
            throw new IllegalArgumentException("lookback and maxNeighbors must be positive");
        }
    }
}
