package dev.perch.model;

import dev.perch.core.recommend.FeatureMatrix;

/**
 * The input transform of a DJL-trained ranker: each feature column standardised with the training
 * mean and standard deviation stored in the manifest. TorchScript rankers get the raw features.
 */
public final class RankerInputs {
    private RankerInputs() {}

    /** {@code (x - mean[c]) / scale[c]} for every value of column c, in a new array. */
    public static float[] standardise(FeatureMatrix input, float[] mean, float[] scale) {
        float[] values = input.values().clone();
        int columns = input.columns();
        for (int i = 0; i < values.length; i++) {
            int c = i % columns;
            values[i] = (values[i] - mean[c]) / scale[c];
        }
        return values;
    }
}
