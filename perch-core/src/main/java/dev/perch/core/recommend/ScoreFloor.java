package dev.perch.core.recommend;

import java.util.Arrays;

/**
 * A floor under the best scores of a long row, estimated from a sample, for a top-k selection that
 * offers its heap only the rows at or above it: a few hundred insertions instead of every row that
 * beats the heap's worst so far (most of a full scan's time). The floor is only a hint: when fewer
 * than k of the rows the selection admits reach it, the caller scans again without it, so its lists
 * stay exactly the full scan's. Used by the feature store's batched nearest items and by the
 * sequence source.
 */
public final class ScoreFloor {
    /** Rows per sample. */
    public static final int STRIDE = 8;

    /** No floor: every row is offered. */
    public static final float NONE = Float.NEGATIVE_INFINITY;

    private ScoreFloor() {}

    /**
     * A score that about twice {@code k} of the {@code n} scores from {@code offset} reach,
     * estimated from every {@value #STRIDE}th of them; {@link #NONE} when the sample is too small
     * to say (fewer than four times the sample rank it reads) or {@code k} is not positive.
     */
    public static float sampled(float[] scores, int offset, int n, int k) {
        int rank = 2 * k / STRIDE + 1; // the rank-th best of the sample
        if (k <= 0 || n / STRIDE < 4 * rank) {
            return NONE;
        }
        float[] best = new float[rank]; // best first
        Arrays.fill(best, NONE);
        for (int row = 0; row < n; row += STRIDE) {
            float s = scores[offset + row];
            if (s > best[rank - 1]) {
                int at = rank - 1;
                while (at > 0 && best[at - 1] < s) {
                    best[at] = best[at - 1];
                    at--;
                }
                best[at] = s;
            }
        }
        return best[rank - 1];
    }
}
