package dev.perch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The feature store's nearest-item products on the DJL engine. */
class DjlInnerProductsTest {
    private static final int ROWS = 257;
    private static final int DIM = 24;

    private static float[] random(Random random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }

    /** The inner products in double, the reference. */
    private static double[] reference(float[] queries, int count, float[] matrix, int rows) {
        double[] out = new double[count * rows];
        for (int q = 0; q < count; q++) {
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int j = 0; j < DIM; j++) {
                    sum += (double) queries[q * DIM + j] * matrix[r * DIM + j];
                }
                out[q * rows + r] = sum;
            }
        }
        return out;
    }

    private static void assertProducts(float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("score %d", i).isCloseTo(expected[i], within());
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-4);
    }

    @Test
    @DisplayName(
            "every query's inner product with every row, of the first rows only, within float"
                    + " rounding of the exact sums")
    void productsAreTheInnerProducts() {
        Random random = new Random(5);
        // the index's matrix has spare capacity beyond its rows: never read
        float[] matrix = random(random, (ROWS + 40) * DIM);
        float[] queries = random(random, 5 * DIM);
        try (DjlInnerProducts products = new DjlInnerProducts("cpu")) {
            assertProducts(
                    products.products(queries, 5, matrix, ROWS, DIM, 1),
                    reference(queries, 5, matrix, ROWS));
            assertThat(products.products(new float[0], 0, matrix, ROWS, DIM, 1)).isEmpty();
        }
    }

    @Test
    @DisplayName(
            "the matrix is copied to the engine once per version: the same version reuses it, a"
                    + " new version reads the new vectors; closed, it refuses")
    void oneCopyPerVersion() {
        Random random = new Random(6);
        float[] first = random(random, ROWS * DIM);
        float[] second = random(random, ROWS * DIM);
        float[] queries = random(random, 3 * DIM);
        DjlInnerProducts products = new DjlInnerProducts("cpu");
        assertProducts(
                products.products(queries, 3, first, ROWS, DIM, 10),
                reference(queries, 3, first, ROWS));
        // same version: the engine's copy (of the first matrix) answers
        assertProducts(
                products.products(queries, 3, second, ROWS, DIM, 10),
                reference(queries, 3, first, ROWS));
        assertProducts(
                products.products(queries, 3, second, ROWS - 7, DIM, 11),
                reference(queries, 3, second, ROWS - 7));
        products.close();
        assertThatThrownBy(() -> products.products(queries, 3, first, ROWS, DIM, 12))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName(
            "threads scoring side by side while the version changes each get their own version's"
                    + " products")
    void concurrentVersions() throws Exception {
        Random random = new Random(7);
        float[][] matrices = {random(random, ROWS * DIM), random(random, ROWS * DIM)};
        float[] queries = random(random, 4 * DIM);
        double[][] expected = {
            reference(queries, 4, matrices[0], ROWS), reference(queries, 4, matrices[1], ROWS)
        };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (DjlInnerProducts products = new DjlInnerProducts("cpu")) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(
                        pool.submit(
                                () -> {
                                    for (int i = 0; i < 40; i++) {
                                        int v = (i + thread) % 2;
                                        assertProducts(
                                                products.products(
                                                        queries,
                                                        4,
                                                        matrices[v],
                                                        ROWS,
                                                        DIM,
                                                        100 + v),
                                                expected[v]);
                                    }
                                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
