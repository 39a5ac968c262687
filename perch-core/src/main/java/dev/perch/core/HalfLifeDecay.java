package dev.perch.core;

import java.time.Duration;

/**
 * Exponential decay by half-life: after {@code halfLife} of event time a contribution counts half.
 * The factor is {@code 2^(-elapsed / halfLife)}, 1 for no elapsed time, never above 1.
 */
public final class HalfLifeDecay {
    private final double halfLifeMillis;

    public HalfLifeDecay(Duration halfLife) {
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("halfLife must be positive: " + halfLife);
        }
        this.halfLifeMillis = halfLife.toMillis();
    }

    /** The factor for this much elapsed event time; negative elapsed time counts as none. */
    public double factor(long elapsedMillis) {
        if (elapsedMillis <= 0) {
            return 1.0;
        }
        return Math.pow(2.0, -elapsedMillis / halfLifeMillis);
    }
}
