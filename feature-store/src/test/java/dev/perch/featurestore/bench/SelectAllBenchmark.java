package dev.perch.featurestore.bench;

import dev.perch.featurestore.InnerProducts;
import dev.perch.featurestore.ItemScore;
import dev.perch.featurestore.SearchFilter;
import dev.perch.featurestore.VectorIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The selection half of the model server's batched nearest-item source ({@link VectorIndex#topKAll}
 * with an engine's inner products): a micro-batch of users' top-100 available items from their
 * precomputed scores, so only the Java selection (filter, heap, ties, the sorted lists) is timed.
 * 6,122 items is the YooChoose bench's catalog with embeddings (from 2^21 multiply-adds, 32,768
 * items of 64 dimensions, the index scans each query in parallel in Java instead, and from 100,000
 * items it walks a graph: neither takes an engine's products). Run: see feature-store/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SelectAllBenchmark {
    private static final int K = 100;
    private static final int USERS = 8;

    @Param({"6122"})
    public int items;

    private VectorIndex index;
    private List<float[]> queries;
    private InnerProducts precomputed;

    @Setup(Level.Trial)
    public void build() {
        SplittableRandom random = new SplittableRandom(42);
        index = TopKBenchmark.randomIndex(items, random);
        queries = new ArrayList<>();
        for (int q = 0; q < USERS; q++) {
            queries.add(TopKBenchmark.randomVector(random));
        }
        // the batch's products computed once, from the index's own matrix, then handed back as-is
        float[][] scores = new float[1][];
        index.topKAll(
                queries,
                K,
                SearchFilter.onlyAvailable(),
                (flat, count, matrix, rows, dimension, version) -> {
                    scores[0] = new float[count * rows];
                    for (int q = 0; q < count; q++) {
                        for (int r = 0; r < rows; r++) {
                            float s = 0f;
                            for (int j = 0; j < dimension; j++) {
                                s += flat[q * dimension + j] * matrix[r * dimension + j];
                            }
                            scores[0][q * rows + r] = s;
                        }
                    }
                    return scores[0];
                });
        precomputed = (flat, count, matrix, rows, dimension, version) -> scores[0];
    }

    /** One micro-batch of {@value #USERS} users: the time divided by 8 is one user's. */
    @Benchmark
    public List<List<ItemScore>> selectBatch() {
        return index.topKAll(queries, K, SearchFilter.onlyAvailable(), precomputed);
    }
}
