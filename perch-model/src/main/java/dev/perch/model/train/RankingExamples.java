package dev.perch.model.train;

import dev.perch.core.recommend.RankingFeatures;
import java.util.Arrays;

/** Labelled feature rows for the ranker, grown as the replay finds them. */
final class RankingExamples {
    private float[] rows = new float[1024 * RankingFeatures.COUNT];
    private float[] labels = new float[1024];
    private int size;
    private int groups;

    /** Appends row {@code row} of {@code features} with {@code label} (1 the true next item). */
    void add(float[] features, int row, float label) {
        if (size == labels.length) {
            labels = Arrays.copyOf(labels, size * 2);
            rows = Arrays.copyOf(rows, size * 2 * RankingFeatures.COUNT);
        }
        System.arraycopy(
                features,
                row * RankingFeatures.COUNT,
                rows,
                size * RankingFeatures.COUNT,
                RankingFeatures.COUNT);
        labels[size++] = label;
    }

    /** Counts one (user, next item) group. */
    void endGroup() {
        groups++;
    }

    int size() {
        return size;
    }

    int groups() {
        return groups;
    }

    float[] rows() {
        return rows;
    }

    float[] labels() {
        return labels;
    }

    /** The per-column mean of the rows. */
    float[] mean() {
        int n = RankingFeatures.COUNT;
        double[] sum = new double[n];
        for (int i = 0; i < size * n; i++) {
            sum[i % n] += rows[i];
        }
        float[] mean = new float[n];
        for (int c = 0; c < n; c++) {
            mean[c] = size == 0 ? 0f : (float) (sum[c] / size);
        }
        return mean;
    }

    /** The per-column standard deviation of the rows, 1 where a column is constant. */
    float[] scale(float[] mean) {
        int n = RankingFeatures.COUNT;
        double[] sum = new double[n];
        for (int i = 0; i < size * n; i++) {
            double d = rows[i] - mean[i % n];
            sum[i % n] += d * d;
        }
        float[] scale = new float[n];
        for (int c = 0; c < n; c++) {
            double sd = size == 0 ? 0 : Math.sqrt(sum[c] / size);
            scale[c] = sd > 1e-6 ? (float) sd : 1f;
        }
        return scale;
    }
}
