package dev.perch.core;

import java.util.Arrays;

/**
 * The time-decayed, weighted sum of item embeddings behind a user's vector, kept as its unit
 * direction and its length so that the published (normalised) vector and the sum are one value.
 *
 * @param direction the L2-normalised sum; empty while the sum is zero
 * @param norm the L2 length of the sum; 0 while the sum is zero
 * @param weight the decayed total weight of the events whose embedding went into the sum
 */
public record DecayedSum(float[] direction, double norm, double weight) {
    /** No embedding seen yet. */
    public static final DecayedSum EMPTY = new DecayedSum(new float[0], 0.0, 0.0);

    public DecayedSum {
        if (direction == null) {
            direction = new float[0];
        }
        if (direction.length == 0 || !(norm > 0) || !Double.isFinite(norm)) {
            direction = new float[0];
            norm = 0.0;
        }
    }

    /** The sum itself, {@code direction * norm}, in double precision. */
    public double[] sum() {
        double[] sum = new double[direction.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = direction[i] * norm;
        }
        return sum;
    }

    /** True when no embedding has moved the sum away from zero. */
    public boolean isZero() {
        return direction.length == 0;
    }

    /** This sum with its length and weight scaled by a decay factor; the direction is unchanged. */
    public DecayedSum decayed(double factor) {
        return new DecayedSum(direction, norm * factor, weight * factor);
    }

    /** The sum of these components, normalised. */
    public static DecayedSum fromSum(double[] sum, double weight) {
        double squares = 0;
        for (double v : sum) {
            squares += v * v;
        }
        double norm = Math.sqrt(squares);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            return new DecayedSum(new float[0], 0.0, weight);
        }
        float[] direction = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            direction[i] = (float) (sum[i] / norm);
        }
        return new DecayedSum(direction, norm, weight);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecayedSum other
                && Arrays.equals(direction, other.direction)
                && Double.compare(norm, other.norm) == 0
                && Double.compare(weight, other.weight) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(direction)
                + Double.hashCode(norm) * 17
                + Double.hashCode(weight);
    }

    @Override
    public String toString() {
        return "DecayedSum[dims="
                + direction.length
                + ", norm="
                + norm
                + ", weight="
                + weight
                + "]";
    }
}
