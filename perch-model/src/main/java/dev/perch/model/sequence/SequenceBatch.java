package dev.perch.model.sequence;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Turns item-index sequences into the inputs of {@link SasRecBlock}: each row's items from column 0
 * (at most the model's length, older items cut), padded on the right to the longest row of the
 * batch, positions counted from the oldest item of the window (as the SASRec+ reference code counts
 * them, so a short history's first item is always at position 0), the causal and padding biases and
 * the valid mask. Training batches select every position that has a next item; encoding batches
 * select each row's newest position (and need no valid mask, see {@link SasRecBlock#newest}).
 */
final class SequenceBatch {
    static final float MASKED = -1e9f;

    private SequenceBatch() {}

    /**
     * The inputs of {@link SasRecBlock#newest}, which encodes each row at its newest item: item
     * indices, positions, causal bias, padding-key bias, each row's newest flat position.
     *
     * @param rows item indices (1..V), oldest first, each non-empty
     */
    static NDList forNewest(NDManager manager, List<int[]> rows, int maxLength) {
        int batch = rows.size();
        int length = longest(rows, maxLength);
        long[] selected = new long[batch];
        for (int r = 0; r < batch; r++) {
            selected[r] = (long) r * length + Math.min(rows.get(r).length, length) - 1;
        }
        return inputs(manager, rows, length, selected, false);
    }

    /**
     * The inputs and labels that train each row to predict its item at every position from the
     * items before it.
     *
     * @param rows item indices (1..V), oldest first, each at least two long
     * @return the inputs, then the labels int64 [N] (item index - 1) as the last element
     */
    static NDList forTraining(NDManager manager, List<int[]> rows, int maxLength) {
        int batch = rows.size();
        int length = longest(rows, maxLength + 1) - 1;
        int count = 0;
        for (int[] row : rows) {
            count += positions(row, maxLength);
        }
        long[] selected = new long[count];
        long[] labels = new long[count];
        java.util.List<int[]> inputs = new java.util.ArrayList<>(batch);
        int at = 0;
        for (int r = 0; r < batch; r++) {
            int[] row = rows.get(r);
            int n = Math.min(row.length, length + 1);
            int from = row.length - n;
            int[] input = java.util.Arrays.copyOfRange(row, from, row.length - 1);
            inputs.add(input);
            for (int j = 0; j < n - 1; j++) {
                selected[at] = (long) r * length + j;
                labels[at] = row[from + j + 1] - 1L;
                at++;
            }
        }
        NDList list = inputs(manager, inputs, length, selected, true);
        list.add(manager.create(labels));
        return list;
    }

    /**
     * How many positions {@code row} trains in {@link #forTraining}: one per item after the first
     * of its newest {@code maxLength + 1} items (the longest row of a batch does not change it).
     */
    static int positions(int[] row, int maxLength) {
        return Math.min(row.length, maxLength + 1) - 1;
    }

    /**
     * The inputs of {@link SasRecBlock#forward}, without the valid mask unless {@code withValid}.
     */
    private static NDList inputs(
            NDManager manager, List<int[]> rows, int length, long[] selected, boolean withValid) {
        int batch = rows.size();
        long[] ids = new long[batch * length];
        float[] paddingKeys = new float[batch * length];
        float[] valid = new float[batch * length];
        for (int r = 0; r < batch; r++) {
            int[] row = rows.get(r);
            int n = Math.min(row.length, length);
            for (int j = 0; j < length; j++) {
                int at = r * length + j;
                if (j < n) {
                    ids[at] = row[row.length - n + j];
                    valid[at] = 1f;
                } else {
                    paddingKeys[at] = MASKED;
                }
            }
        }
        long[] positions = new long[length];
        for (int j = 0; j < length; j++) {
            positions[j] = j;
        }
        float[] causal = new float[length * length];
        for (int q = 0; q < length; q++) {
            for (int k = q + 1; k < length; k++) {
                causal[q * length + k] = MASKED;
            }
        }
        NDList list =
                new NDList(
                        manager.create(ids, new Shape(batch, length)),
                        manager.create(positions),
                        manager.create(causal, new Shape(1, 1, length, length)),
                        manager.create(paddingKeys, new Shape(batch, 1, 1, length)));
        if (withValid) {
            list.add(manager.create(valid, new Shape(batch, length, 1)));
        }
        list.add(manager.create(selected));
        return list;
    }

    private static int longest(List<int[]> rows, int cap) {
        int length = 1;
        for (int[] row : rows) {
            length = Math.max(length, Math.min(row.length, cap));
        }
        return length;
    }
}
