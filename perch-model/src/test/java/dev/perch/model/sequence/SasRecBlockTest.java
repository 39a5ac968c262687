package dev.perch.model.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.perch.model.Djl;
import dev.perch.model.train.SeededInitializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The serving encoder ({@link SasRecBlock#newest}, which leaves out the padding masks and runs the
 * last block on the newest positions only) against the forward pass that training runs, on random
 * parameters: the same scores at every row's newest item.
 */
class SasRecBlockTest {
    private static final int ITEMS = 30;
    private static final int MAX_LENGTH = 8;

    @ParameterizedTest(name = "{0} blocks, {1} heads")
    @CsvSource({"1, 1", "2, 2", "3, 4"})
    @DisplayName(
            "encoding each row at its newest item gives the scores of the training forward at that"
                    + " position, for rows shorter than, as long as and longer than the window")
    void newestMatchesTheTrainingForward(int blocks, int heads) {
        SequenceShape shape = new SequenceShape(ITEMS, 16, blocks, heads, MAX_LENGTH, 0.2);
        Random random = new Random(blocks * 31L + heads);
        // each row's last item is the training label; the encoder sees the items before it
        List<int[]> withNext = randomRows(random, 2, 3, 5, MAX_LENGTH + 1, MAX_LENGTH + 4, 4);
        List<int[]> histories = new ArrayList<>();
        withNext.forEach(row -> histories.add(Arrays.copyOf(row, row.length - 1)));

        Djl.offline();
        try (NDManager manager = NDManager.newBaseManager(Djl.device("cpu"), Djl.ENGINE)) {
            SasRecBlock block = randomBlock(shape, 11);
            NDList training = SequenceBatch.forTraining(manager, withNext, MAX_LENGTH);
            NDList inputs = new NDList(training.subList(0, training.size() - 1));
            block.initialize(manager, DataType.FLOAT32, inputs.getShapes());
            ParameterStore store = new ParameterStore(manager, false);

            float[] all = block.forward(store, inputs, false).head().toFloatArray();
            float[] newest =
                    block.logits(
                                    store,
                                    block.newest(
                                            store,
                                            SequenceBatch.forNewest(
                                                    manager, histories, MAX_LENGTH)),
                                    false)
                            .toFloatArray();

            int selected = 0;
            for (int r = 0; r < withNext.size(); r++) {
                // the training forward selects every position of the row in order: its newest last
                selected += SequenceBatch.positions(withNext.get(r), MAX_LENGTH);
                float[] expected =
                        Arrays.copyOfRange(all, (selected - 1) * ITEMS, selected * ITEMS);
                float[] actual = Arrays.copyOfRange(newest, r * ITEMS, (r + 1) * ITEMS);
                assertThat(actual).as("row %d", r).containsExactly(expected, within(1e-4f));
            }
            assertThat(selected * ITEMS).isEqualTo(all.length);
        }
    }

    @ParameterizedTest(name = "{0} heads")
    @CsvSource({"1", "2"})
    @DisplayName(
            "the encoder computes SASRec+'s layout, checked against a plain Java forward pass of"
                    + " the same parameters: scaled item plus position embeddings; per block the"
                    + " normed query attends causally over the un-normed stream, the feed-forward"
                    + " adds onto the normed sum; a final norm; scores against the item table")
    void matchesAPlainForwardPass(int heads) {
        int d = 8;
        SequenceShape shape = new SequenceShape(ITEMS, d, 2, heads, MAX_LENGTH, 0.2);
        Random random = new Random(heads);
        List<int[]> rows = randomRows(random, 1, 4, MAX_LENGTH);
        Djl.offline();
        try (NDManager manager = NDManager.newBaseManager(Djl.device("cpu"), Djl.ENGINE)) {
            SasRecBlock block = randomBlock(shape, 21);
            NDList inputs = SequenceBatch.forNewest(manager, rows, MAX_LENGTH);
            block.initialize(manager, DataType.FLOAT32, inputs.getShapes());
            ParameterStore store = new ParameterStore(manager, false);
            float[] scores = block.logits(store, block.newest(store, inputs), false).toFloatArray();

            PlainSasRec plain = new PlainSasRec(block, d, heads);
            for (int r = 0; r < rows.size(); r++) {
                float[] expected = plain.scores(rows.get(r));
                float[] actual = Arrays.copyOfRange(scores, r * ITEMS, (r + 1) * ITEMS);
                assertThat(actual).as("row %d", r).containsExactly(expected, within(1e-4f));
            }
        }
    }

    /** A block of {@code shape} with every parameter drawn at random (seeds from {@code seed}). */
    private static SasRecBlock randomBlock(SequenceShape shape, long seed) {
        SasRecBlock block = new SasRecBlock(shape);
        block.setInitializer(SeededInitializer.normal(seed, 0.5), Parameter.Type.WEIGHT);
        block.setInitializer(SeededInitializer.normal(seed + 1, 0.3), Parameter.Type.BIAS);
        block.setInitializer(SeededInitializer.normal(seed + 2, 0.3), Parameter.Type.GAMMA);
        block.setInitializer(SeededInitializer.normal(seed + 3, 0.3), Parameter.Type.BETA);
        return block;
    }

    /** One row of random item indices (1..ITEMS) per length. */
    private static List<int[]> randomRows(Random random, int... lengths) {
        List<int[]> rows = new ArrayList<>();
        for (int length : lengths) {
            int[] row = new int[length];
            for (int i = 0; i < length; i++) {
                row[i] = 1 + random.nextInt(ITEMS);
            }
            rows.add(row);
        }
        return rows;
    }

    /** SASRec+'s forward pass written out in plain Java, one row at a time, in doubles. */
    private static final class PlainSasRec {
        private final java.util.Map<String, float[]> p = new java.util.HashMap<>();
        private final int d;
        private final int heads;
        private final int blocks;

        PlainSasRec(SasRecBlock block, int d, int heads) {
            block.getParameters()
                    .forEach(e -> p.put(e.getKey(), e.getValue().getArray().toFloatArray()));
            this.d = d;
            this.heads = heads;
            this.blocks = (int) p.keySet().stream().filter(k -> k.endsWith("_query")).count();
        }

        float[] scores(int[] row) {
            int n = row.length;
            double[][] x = new double[n][d];
            for (int j = 0; j < n; j++) {
                for (int c = 0; c < d; c++) {
                    x[j][c] =
                            p.get("items")[row[j] * d + c] * Math.sqrt(d)
                                    + p.get("positions")[j * d + c];
                }
            }
            int hs = d / heads;
            for (int b = 0; b < blocks; b++) {
                String name = "block" + b + "_";
                double[][] q = new double[n][];
                double[][] normed = new double[n][];
                double[][] k = new double[n][];
                double[][] v = new double[n][];
                for (int j = 0; j < n; j++) {
                    normed[j] = norm(x[j], name + "attention_gamma", name + "attention_beta");
                    q[j] = linear(normed[j], name + "query");
                    k[j] = linear(x[j], name + "key");
                    v[j] = linear(x[j], name + "value");
                }
                double[][] next = new double[n][];
                for (int j = 0; j < n; j++) {
                    double[] context = new double[d];
                    for (int h = 0; h < heads; h++) {
                        double[] w = new double[j + 1];
                        double max = Double.NEGATIVE_INFINITY;
                        for (int t = 0; t <= j; t++) {
                            for (int c = h * hs; c < (h + 1) * hs; c++) {
                                w[t] += q[j][c] * k[t][c];
                            }
                            w[t] /= Math.sqrt(hs);
                            max = Math.max(max, w[t]);
                        }
                        double sum = 0;
                        for (int t = 0; t <= j; t++) {
                            w[t] = Math.exp(w[t] - max);
                            sum += w[t];
                        }
                        for (int t = 0; t <= j; t++) {
                            for (int c = h * hs; c < (h + 1) * hs; c++) {
                                context[c] += w[t] / sum * v[t][c];
                            }
                        }
                    }
                    double[] attended = linear(context, name + "output");
                    double[] y = new double[d];
                    for (int c = 0; c < d; c++) {
                        y[c] = normed[j][c] + attended[c];
                    }
                    y = norm(y, name + "feed_forward_gamma", name + "feed_forward_beta");
                    double[] inner = linear(y, name + "inner");
                    for (int c = 0; c < d; c++) {
                        inner[c] = Math.max(0, inner[c]);
                    }
                    double[] outer = linear(inner, name + "outer");
                    for (int c = 0; c < d; c++) {
                        y[c] += outer[c];
                    }
                    next[j] = y;
                }
                x = next;
            }
            double[] hidden = norm(x[n - 1], "final_gamma", "final_beta");
            float[] out = new float[ITEMS];
            for (int item = 1; item <= ITEMS; item++) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += hidden[c] * p.get("items")[item * d + c];
                }
                out[item - 1] = (float) dot;
            }
            return out;
        }

        /** x W^T + b, W [d, d] row-major as DJL's Linear keeps it. */
        private double[] linear(double[] x, String name) {
            float[] w = p.get(name);
            float[] b = p.get(name + "_bias");
            double[] y = new double[d];
            for (int o = 0; o < d; o++) {
                double sum = b[o];
                for (int i = 0; i < d; i++) {
                    sum += x[i] * w[o * d + i];
                }
                y[o] = sum;
            }
            return y;
        }

        private double[] norm(double[] x, String gamma, String beta) {
            double mean = 0;
            for (double value : x) {
                mean += value / d;
            }
            double variance = 0;
            for (double value : x) {
                variance += (value - mean) * (value - mean) / d;
            }
            double[] y = new double[d];
            for (int c = 0; c < d; c++) {
                y[c] =
                        (x[c] - mean) / Math.sqrt(variance + 1e-8) * p.get(gamma)[c]
                                + p.get(beta)[c];
            }
            return y;
        }
    }
}
