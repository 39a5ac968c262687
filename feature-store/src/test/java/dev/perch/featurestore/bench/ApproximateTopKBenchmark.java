package dev.perch.featurestore.bench;

import dev.perch.featurestore.HnswSettings;
import dev.perch.featurestore.ItemMeta;
import dev.perch.featurestore.ItemScore;
import dev.perch.featurestore.SearchFilter;
import dev.perch.featurestore.VectorIndex;
import dev.perch.featurestore.VectorIndex.Execution;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Latency distribution (median, p99) of one top-10 query with the availability filter from the HNSW
 * graph, next to the exact scan it replaces; the setup prints the graph's build time, its heap and
 * its recall@10 against the exact scan. Run: see feature-store/README.md.
 *
 * <p>The vectors are a mixture of Gaussian clusters (like trained item embeddings, which group by
 * taste and category), not uniform noise, on which any nearest-neighbour index degrades; two thirds
 * of the items are available.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class ApproximateTopKBenchmark {
    private static final int DIMENSION = 64;
    private static final int K = 10;
    private static final int QUERIES = 512;
    private static final int RECALL_QUERIES = 100;
    private static final int CLUSTERS = 2_000;
    private static final double SPREAD = 0.35;

    @Param({"200000", "1000000"})
    public int items;

    private VectorIndex index;
    private float[][] queries;
    private int next;

    @Setup(Level.Trial)
    public void build() throws InterruptedException {
        SplittableRandom random = new SplittableRandom(42);
        float[][] centers = new float[CLUSTERS][];
        for (int c = 0; c < CLUSTERS; c++) {
            centers[c] = gaussian(random, null, 1.0);
        }
        // the graph is built once every item is in (fromItems = items), so the build is timed alone
        index =
                new VectorIndex(
                        ForkJoinPool.commonPool(), HnswSettings.DEFAULT.withFromItems(items));
        index.reserve(items, DIMENSION);
        List<ItemMeta> metas =
                List.of(
                        new ItemMeta(true, List.of("Shoes")),
                        new ItemMeta(true, List.of("Bags")),
                        new ItemMeta(false, List.of("Shoes")));
        for (int i = 0; i < items - 1; i++) {
            float[] center = centers[random.nextInt(CLUSTERS)];
            index.upsert("item-" + i, gaussian(random, center, SPREAD), metas.get(i % 3));
        }
        long heapBefore = usedHeap();
        long started = System.nanoTime();
        long cpuBefore = processCpuNanos();
        index.upsert(
                "item-" + (items - 1),
                gaussian(random, centers[0], SPREAD),
                metas.get((items - 1) % 3));
        if (!index.awaitApproximate(Duration.ofHours(2))) {
            throw new IllegalStateException("the HNSW graph was not built");
        }
        double buildSeconds = (System.nanoTime() - started) / 1e9;
        double buildCpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        queries = new float[QUERIES][];
        for (int i = 0; i < QUERIES; i++) {
            queries[i] = gaussian(random, centers[random.nextInt(CLUSTERS)], SPREAD);
        }
        double recall = recall();
        System.out.printf(
                "%nHNSW graph over %,d x %d items (M %d, beam %d, ef %d): built in %.1f s wall,"
                    + " %.1f s CPU of this process; query CPU time on the calling thread:"
                    + " approximate %.3f ms, exact single-thread %.3f ms (mean over %d queries);"
                    + " graph heap %,d MB (vectors, links, per-item facts; the exact index's matrix"
                    + " is another %,d MB), heap growth during the build %,d MB, recall@10 with the"
                    + " availability filter against the exact scan %.4f over %d queries%n",
                items,
                DIMENSION,
                index.hnswSettings().maxConn(),
                index.hnswSettings().beamWidth(),
                index.hnswSettings().efSearch(),
                buildSeconds,
                buildCpuSeconds,
                approximateCpuNanos / 1e6 / RECALL_QUERIES,
                exactCpuNanos / 1e6 / RECALL_QUERIES,
                RECALL_QUERIES,
                index.approximateBytes() >> 20,
                ((long) items * DIMENSION * Float.BYTES) >> 20,
                Math.max(0, usedHeap() - heapBefore) >> 20,
                recall,
                RECALL_QUERIES);
    }

    private long approximateCpuNanos;
    private long exactCpuNanos;

    /** Recall@10 against the exact scan, timing each kind of query's CPU on this thread. */
    private double recall() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long hits = 0;
        long wanted = 0;
        for (int q = 0; q < RECALL_QUERIES; q++) {
            long t0 = threads.getCurrentThreadCpuTime();
            List<ItemScore> exact =
                    index.topK(
                            queries[q], K, SearchFilter.onlyAvailable(), Execution.SINGLE_THREAD);
            long t1 = threads.getCurrentThreadCpuTime();
            List<ItemScore> approximate =
                    index.topK(queries[q], K, SearchFilter.onlyAvailable(), Execution.APPROXIMATE);
            long t2 = threads.getCurrentThreadCpuTime();
            exactCpuNanos += t1 - t0;
            approximateCpuNanos += t2 - t1;
            Set<String> truth = new HashSet<>();
            exact.forEach(s -> truth.add(s.itemId()));
            for (ItemScore s : approximate) {
                if (truth.contains(s.itemId())) {
                    hits++;
                }
            }
            wanted += truth.size();
        }
        return (double) hits / wanted;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static float[] gaussian(SplittableRandom random, float[] center, double sigma) {
        float[] v = new float[DIMENSION];
        for (int j = 0; j < DIMENSION; j++) {
            double g = gaussian(random) * sigma;
            v[j] = (float) (center == null ? g : center[j] + g);
        }
        return v;
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double w = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }

    @TearDown(Level.Trial)
    public void close() {
        index.close();
    }

    private float[] nextQuery() {
        next = (next + 1) % QUERIES;
        return queries[next];
    }

    @Benchmark
    public List<ItemScore> approximateAvailableOnly() {
        return index.topK(nextQuery(), K, SearchFilter.onlyAvailable(), Execution.APPROXIMATE);
    }

    @Benchmark
    public List<ItemScore> exactSingleThreadAvailableOnly() {
        return index.topK(nextQuery(), K, SearchFilter.onlyAvailable(), Execution.SINGLE_THREAD);
    }
}
