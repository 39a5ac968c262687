package dev.perch.core.recommend;

import java.util.Objects;

/**
 * A row-major block of feature rows, one row per candidate, as one inference call takes it.
 *
 * @param values rows x columns floats, row after row
 * @param rows the number of candidates
 * @param columns the number of features per candidate
 */
public record FeatureMatrix(float[] values, int rows, int columns) {
    public FeatureMatrix {
        Objects.requireNonNull(values, "values");
        if (rows < 0 || columns <= 0 || values.length != rows * columns) {
            throw new IllegalArgumentException(
                    "a "
                            + rows
                            + "x"
                            + columns
                            + " matrix needs "
                            + rows * columns
                            + " values, got "
                            + values.length);
        }
    }

    /** The value at {@code row}, {@code column}. */
    public float get(int row, int column) {
        return values[row * columns + column];
    }
}
