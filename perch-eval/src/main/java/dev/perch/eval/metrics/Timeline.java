package dev.perch.eval.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * HR@10 over the replay: outcomes grouped into consecutive buckets (test events, or periods), one
 * point per bucket, for the timeline plot.
 *
 * @param labels the bucket's x value (bucket index, or period number)
 * @param hr10 the bucket's HR@10
 */
public record Timeline(List<Double> labels, List<Double> hr10) {
    /** Builds a timeline bucket by bucket. */
    public static final class Builder {
        private final List<Double> labels = new ArrayList<>();
        private final List<Double> values = new ArrayList<>();
        private final int bucketSize;
        private double label;
        private long hits;
        private long count;

        /** Buckets of {@code bucketSize} outcomes (0: the caller closes each bucket). */
        public Builder(int bucketSize) {
            this.bucketSize = bucketSize;
        }

        /** Adds one outcome by 1-based rank (0 = miss). */
        public void add(int rank) {
            count++;
            if (rank > 0 && rank <= 10) {
                hits++;
            }
            if (bucketSize > 0 && count >= bucketSize) {
                close(label++);
            }
        }

        /** Closes the current bucket as point {@code x} (nothing when it is empty). */
        public void close(double x) {
            if (count > 0) {
                labels.add(x);
                values.add((double) hits / count);
            }
            hits = 0;
            count = 0;
        }

        public Timeline build() {
            if (bucketSize > 0) {
                close(label);
            }
            return new Timeline(List.copyOf(labels), List.copyOf(values));
        }
    }
}
