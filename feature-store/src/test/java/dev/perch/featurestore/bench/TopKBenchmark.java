package dev.perch.featurestore.bench;

import dev.perch.featurestore.ItemMeta;
import dev.perch.featurestore.ItemScore;
import dev.perch.featurestore.SearchFilter;
import dev.perch.featurestore.VectorIndex;
import dev.perch.featurestore.VectorIndex.Execution;
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
 * Latency of one exact top-10 query by inner product over 64-dimensional vectors, on one thread and
 * split across the common ForkJoinPool plus the caller. Run: see feature-store/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TopKBenchmark {
    private static final int DIMENSION = 64;
    private static final int K = 10;
    private static final int QUERIES = 256;

    @Param({"100000", "1000000"})
    public int items;

    private VectorIndex index;
    private float[][] queries;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        SplittableRandom random = new SplittableRandom(42);
        index = randomIndex(items, random);
        queries = new float[QUERIES][];
        for (int i = 0; i < QUERIES; i++) {
            queries[i] = randomVector(random);
        }
    }

    /**
     * An exact index of {@code items} uniform random vectors of {@value #DIMENSION} dimensions, two
     * thirds of them available (also {@link SelectAllBenchmark}'s).
     */
    static VectorIndex randomIndex(int items, SplittableRandom random) {
        VectorIndex index = new VectorIndex();
        index.reserve(items, DIMENSION);
        List<ItemMeta> metas =
                List.of(
                        new ItemMeta(true, List.of("Shoes")),
                        new ItemMeta(true, List.of("Bags")),
                        new ItemMeta(false, List.of("Shoes")));
        for (int i = 0; i < items; i++) {
            index.upsert("item-" + i, randomVector(random), metas.get(i % metas.size()));
        }
        return index;
    }

    static float[] randomVector(SplittableRandom random) {
        float[] v = new float[DIMENSION];
        for (int j = 0; j < DIMENSION; j++) {
            v[j] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    private float[] nextQuery() {
        next = (next + 1) % QUERIES;
        return queries[next];
    }

    @Benchmark
    public List<ItemScore> singleThread() {
        return index.topK(nextQuery(), K, SearchFilter.NONE, Execution.SINGLE_THREAD);
    }

    @Benchmark
    public List<ItemScore> parallel() {
        return index.topK(nextQuery(), K, SearchFilter.NONE, Execution.PARALLEL);
    }

    @Benchmark
    public List<ItemScore> parallelAvailableOnly() {
        return index.topK(nextQuery(), K, SearchFilter.onlyAvailable(), Execution.PARALLEL);
    }
}
