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

    /**
     * What one more forward call costs, counted in padded positions (one row at one position): on
     * the 2-core AMD machine of the twenty-fourth session a call's few dozen libtorch operations
     * cost about 470 µs whatever the batch, a position of a row 1.6-1.9 µs at lengths up to 24 (JMH
     * {@code ScoringBenchmark.sequenceEncodeSessions} and {@code sequenceEncode}), so about 250-290
     * positions; the Intel machine of the eighteenth session measured about 200 µs and 2.6 µs (77
     * positions). The higher figure only cuts a batch where the saving is large on both, and a
     * batch encodes the same in any cut.
     */
    static final int CALL_POSITIONS = 256;

    private SequenceBatch() {}

    /**
     * Where to cut rows sorted by length (shortest first) into groups of one forward call each, so
     * that the padded positions computed plus {@code callPositions} per call are fewest. One call
     * pads every row to the batch's longest, and live lengths are skewed (YooChoose's live
     * sessions: half at most 3 items, one in a hundred over 31): a single 68-item row in a batch of
     * 256 mostly short rows would have every row computed at 68 positions. A row's encoding does
     * not depend on its group (causality keeps the padding out), so any cut gives the same
     * encodings. Exact by dynamic programming over the cut points (a group is a contiguous run of
     * the sorted rows, and its cost is {@code callPositions} + rows x its last row's length), in
     * time quadratic in the distinct lengths, not the rows.
     *
     * @param sortedLengths row lengths, each at least 1, in ascending order
     * @return the end (exclusive) of each group, in order; the last is {@code sortedLengths.length}
     */
    static int[] groupEnds(int[] sortedLengths, int callPositions) {
        int n = sortedLengths.length;
        // a cut between two rows of one length adds a call and saves nothing, so a group ends
        // only where the length changes (or at the last row): at most one end per distinct
        // length, so the search is over those ends (the model's length caps them), not the rows
        int[] ends = new int[n];
        int m = 0;
        for (int j = 1; j <= n; j++) {
            if (sortedLengths[j - 1] < 1
                    || (j > 1 && sortedLengths[j - 1] < sortedLengths[j - 2])) {
                throw new IllegalArgumentException("lengths must be positive and ascending");
            }
            if (j == n || sortedLengths[j] > sortedLengths[j - 1]) {
                ends[m++] = j;
            }
        }
        long[] best = new long[m + 1]; // best[e]: the cheapest cut of the rows up to end e - 1
        int[] from = new int[m + 1]; // the end before the last group of that cut (0: none)
        for (int e = 1; e <= m; e++) {
            int end = ends[e - 1];
            best[e] = Long.MAX_VALUE;
            for (int b = 0; b < e; b++) {
                int start = b == 0 ? 0 : ends[b - 1];
                long cost = best[b] + callPositions + (long) (end - start) * sortedLengths[end - 1];
                if (cost < best[e]) {
                    best[e] = cost;
                    from[e] = b;
                }
            }
        }
        int groups = 0;
        for (int e = m; e > 0; e = from[e]) {
            groups++;
        }
        int[] cut = new int[groups];
        for (int e = m, g = groups - 1; e > 0; e = from[e], g--) {
            cut[g] = ends[e - 1];
        }
        return cut;
    }

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
