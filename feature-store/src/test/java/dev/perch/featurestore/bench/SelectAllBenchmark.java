package dev.perch.featurestore.bench;

import dev.perch.featurestore.InnerProducts;
import dev.perch.featurestore.ItemMeta;
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
    private static final int DIMENSION = 64;
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
        index = new VectorIndex();
        index.reserve(items, DIMENSION);
        List<ItemMeta> metas =
                List.of(
                        new ItemMeta(true, List.of("Shoes")),
                        new ItemMeta(true, List.of("Bags")),
                        new ItemMeta(false, List.of("Shoes")));
        float[] matrix = new float[items * DIMENSION];
        for (int i = 0; i < items; i++) {
            float[] v = randomVector(random);
            System.arraycopy(v, 0, matrix, i * DIMENSION, DIMENSION);
            index.upsert("item-" + i, v, metas.get(i % metas.size()));
        }
        queries = new ArrayList<>();
        float[] scores = new float[USERS * items];
        for (int q = 0; q < USERS; q++) {
            float[] query = randomVector(random);
            queries.add(query);
            for (int r = 0; r < items; r++) {
                float s = 0f;
                for (int j = 0; j < DIMENSION; j++) {
                    s += query[j] * matrix[r * DIMENSION + j];
                }
                scores[q * items + r] = s;
            }
        }
        precomputed = (flat, count, m, rows, dimension, version) -> scores;
    }

    private static float[] randomVector(SplittableRandom random) {
        float[] v = new float[DIMENSION];
        for (int j = 0; j < DIMENSION; j++) {
            v[j] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** One micro-batch of {@value #USERS} users: the time divided by 8 is one user's. */
    @Benchmark
    public List<List<ItemScore>> selectBatch() {
        return index.topKAll(queries, K, SearchFilter.onlyAvailable(), precomputed);
    }
}
