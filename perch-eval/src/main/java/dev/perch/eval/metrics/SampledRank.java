package dev.perch.eval.metrics;

/**
 * The rank of a target among sampled negatives by score (the legacy "100 negatives" protocol). Ties
 * are counted against the target (pessimistic): a negative scoring exactly as much as the target
 * ranks before it, so a constant scorer never looks good.
 */
public final class SampledRank {
    private SampledRank() {}

    /** 1 + the number of negatives scoring at least as high as the target. */
    public static int of(double targetScore, double[] negativeScores) {
        int rank = 1;
        for (double s : negativeScores) {
            if (s >= targetScore) {
                rank++;
            }
        }
        return rank;
    }
}
