package dev.perch.featurestore;

import dev.perch.core.recommend.ScoreFloor;
import dev.perch.events.ItemIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-memory nearest-items search by inner product: every embedding in one contiguous row-major
 * {@code float[]} with an id table, scanned exactly by a vectorized loop into a bounded heap (split
 * across a {@link ForkJoinPool} for large catalogs), plus, from {@link HnswSettings#fromItems()}
 * items on, an approximate Lucene HNSW graph built in the background and kept current on every
 * write. Many readers, one writer at a time.
 */
public final class VectorIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VectorIndex.class);

    /** A finished build applies the changes made meanwhile under the lock once this few remain. */
    private static final int CATCH_UP_UNDER_LOCK = 1_000;

    /** Below this many multiply-adds (rows x dimension) one thread is faster than forking. */
    static final long PARALLEL_THRESHOLD = 1L << 21;

    /** How a query uses the CPU. */
    public enum Execution {
        /**
         * The HNSW graph from {@link HnswSettings#fromItems()} items on (once built), else an exact
         * scan: parallel for large catalogs, the caller's thread alone for small ones.
         */
        AUTO,
        /** Exact scan on the caller's thread. */
        SINGLE_THREAD,
        /** Exact scan split across the pool and the caller's thread. */
        PARALLEL,
        /**
         * The HNSW graph whatever the catalog size, when it is built; an exact scan while it is
         * not, or when the filter is so selective that walking the graph would cost more than a
         * scan.
         */
        APPROXIMATE
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ForkJoinPool pool;
    private final Map<String, Integer> rowOf = new HashMap<>();
    private final Map<List<String>, Integer> categoryIds = new HashMap<>();
    private final List<List<String>> categories = new ArrayList<>();
    private int dimension;
    private int size;

    /**
     * Whether the index holds no vector, readable without the lock: {@link #vector} is asked once
     * per candidate (the text similarity feature), and an empty index (no text embeddings) then
     * answers without the lock's two shared-counter updates.
     */
    private volatile boolean holdsNone = true;

    private float[] matrix = new float[0];
    private String[] ids = new String[0];
    private boolean[] available = new boolean[0];
    private int[] category = new int[0];

    private final HnswSettings hnsw;

    /** The approximate index, null until built (and while the catalog is small); under the lock. */
    private HnswGraphIndex graph;

    /** Ids changed while a graph is being built, null when no build runs; under the lock. */
    private Set<String> changedDuringBuild;

    /** Bumped by clear() and close(): a build of an older generation is dropped. */
    private volatile long generation;

    /** Versions of the matrix's contents, unique across indexes (see {@link InnerProducts}). */
    private static final AtomicLong MATRIX_VERSIONS = new AtomicLong();

    /** Changed (under the write lock) by every write to the first {@code size} rows. */
    private long matrixVersion = MATRIX_VERSIONS.incrementAndGet();

    private boolean closed;
    private CompletableFuture<Void> build = CompletableFuture.completedFuture(null);

    /**
     * An empty index whose parallel queries run on the common pool plus the caller's thread, with
     * the default HNSW settings.
     */
    public VectorIndex() {
        this(ForkJoinPool.commonPool());
    }

    public VectorIndex(ForkJoinPool pool) {
        this(pool, HnswSettings.DEFAULT);
    }

    public VectorIndex(ForkJoinPool pool, HnswSettings hnsw) {
        this.pool = pool;
        this.hnsw = hnsw;
    }

    public HnswSettings hnswSettings() {
        return hnsw;
    }

    /** Whether the approximate graph is built and answers {@link Execution#APPROXIMATE} queries. */
    public boolean approximateReady() {
        lock.readLock().lock();
        try {
            return graph != null && changedDuringBuild == null;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Waits until no graph build is running (it finished, failed or was dropped), at most {@code
     * timeout}.
     *
     * @return whether the approximate graph is ready
     */
    public boolean awaitApproximate(Duration timeout) throws InterruptedException {
        CompletableFuture<Void> running;
        lock.readLock().lock();
        try {
            running = build;
        } finally {
            lock.readLock().unlock();
        }
        try {
            running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
        return approximateReady();
    }

    /** Heap bytes of the approximate graph (vectors, links, per-node facts); 0 while none. */
    public long approximateBytes() {
        lock.readLock().lock();
        try {
            return graph == null ? 0 : graph.ramBytesUsed();
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The vector length, or 0 while the index is empty and has never held a vector. */
    public int dimension() {
        lock.readLock().lock();
        try {
            return dimension;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A copy of one item's vector. */
    public Optional<float[]> vector(String itemId) {
        if (holdsNone) {
            return Optional.empty();
        }
        lock.readLock().lock();
        try {
            Integer row = rowOf.get(itemId);
            if (row == null) {
                return Optional.empty();
            }
            int from = row * dimension;
            return Optional.of(Arrays.copyOfRange(matrix, from, from + dimension));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Calls {@code action} with every item's id and a copy of its vector, in row order. */
    public void forEachVector(java.util.function.BiConsumer<String, float[]> action) {
        lock.readLock().lock();
        try {
            for (int row = 0; row < size; row++) {
                int from = row * dimension;
                action.accept(ids[row], Arrays.copyOfRange(matrix, from, from + dimension));
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The filter facts the index holds for one item with a vector. */
    public Optional<ItemMeta> meta(String itemId) {
        lock.readLock().lock();
        try {
            Integer row = rowOf.get(itemId);
            return row == null
                    ? Optional.empty()
                    : Optional.of(new ItemMeta(available[row], categories.get(category[row])));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every item id with a vector, sorted. */
    public List<String> itemIds() {
        lock.readLock().lock();
        try {
            List<String> out = new ArrayList<>(Arrays.asList(ids).subList(0, size));
            out.sort(null);
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Reserves room for this many rows (avoids regrowing while loading a catalog). */
    public void reserve(int rows, int dimension) {
        lock.writeLock().lock();
        try {
            if (size == 0) {
                setDimension(dimension);
            }
            grow(rows);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Adds or replaces one item's vector and filter facts.
     *
     * @throws IllegalArgumentException if the vector's length differs from the index's dimension or
     *     it holds NaN or infinity
     */
    public void upsert(String itemId, float[] vector, ItemMeta meta) {
        checkFinite(vector, itemId);
        lock.writeLock().lock();
        try {
            if (size == 0) {
                setDimension(vector.length);
            } else if (vector.length != dimension) {
                throw new IllegalArgumentException(
                        "item "
                                + itemId
                                + " has a "
                                + vector.length
                                + "-dimensional vector; the index holds "
                                + dimension);
            }
            Integer existing = rowOf.get(itemId);
            int row;
            if (existing != null) {
                row = existing;
            } else {
                grow(size + 1);
                row = size++;
                holdsNone = false;
                // the canonical id: the ids it returns are looked up in the facts table
                String id = ItemIds.canonical(itemId);
                rowOf.put(id, row);
                ids[row] = id;
            }
            System.arraycopy(vector, 0, matrix, row * dimension, dimension);
            matrixVersion = MATRIX_VERSIONS.incrementAndGet();
            setMeta(row, meta);
            if (graph != null) {
                graph.upsert(itemId, vector.clone(), meta.available(), category[row]);
            }
            changed(itemId);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Updates the filter facts of an item with a vector; does nothing for one without. */
    public void updateMeta(String itemId, ItemMeta meta) {
        lock.writeLock().lock();
        try {
            Integer row = rowOf.get(itemId);
            if (row != null) {
                setMeta(row, meta);
                if (graph != null) {
                    graph.updateMeta(itemId, meta.available(), category[row]);
                }
                changed(itemId);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes one item; the last row moves into its place so the matrix stays contiguous. */
    public void remove(String itemId) {
        lock.writeLock().lock();
        try {
            Integer row = rowOf.remove(itemId);
            if (row == null) {
                return;
            }
            int last = --size;
            holdsNone = size == 0;
            matrixVersion = MATRIX_VERSIONS.incrementAndGet();
            if (row != last) {
                System.arraycopy(matrix, last * dimension, matrix, row * dimension, dimension);
                ids[row] = ids[last];
                available[row] = available[last];
                category[row] = category[last];
                rowOf.put(ids[row], row);
            }
            ids[last] = null;
            if (graph != null) {
                graph.remove(itemId);
            }
            changed(itemId);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes every item (a new model's vectors are about to replace them). */
    public void clear() {
        lock.writeLock().lock();
        try {
            rowOf.clear();
            Arrays.fill(ids, 0, size, null);
            size = 0;
            holdsNone = true;
            dimension = 0;
            matrixVersion = MATRIX_VERSIONS.incrementAndGet();
            graph = null;
            generation++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The k items with the highest inner product with {@code query} that pass the filter. */
    public List<ItemScore> topK(float[] query, int k, SearchFilter filter) {
        return topK(query, k, filter, Execution.AUTO);
    }

    /**
     * The k items with the highest inner product with {@code query} that pass the filter, best
     * first, ties broken by item id. Fewer than k when fewer items pass.
     */
    public List<ItemScore> topK(float[] query, int k, SearchFilter filter, Execution execution) {
        if (k < 0) {
            throw new IllegalArgumentException("k must not be negative: " + k);
        }
        checkFinite(query, "query");
        lock.readLock().lock();
        try {
            if (size == 0 || k == 0) {
                return List.of();
            }
            requireDimension(query);
            boolean[] mask = categoryMask(filter);
            if (usesGraph(execution)) {
                List<ItemScore> found = graph.search(query, k, filter, mask);
                if (found != null) {
                    return found;
                }
            }
            Scan scan = new Scan(query, Math.min(k, size), filter, mask);
            return scansInParallel(execution) ? scanParallel(scan, k) : scan.run(0, size).sorted();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether a query of {@code execution} tries the HNSW graph first; under the lock. */
    private boolean usesGraph(Execution execution) {
        return graph != null
                && (execution == Execution.APPROXIMATE
                        || (execution == Execution.AUTO && size >= hnsw.fromItems()));
    }

    /** Whether an exact scan of {@code execution} is split across the pool; under the lock. */
    private boolean scansInParallel(Execution execution) {
        return switch (execution) {
            case SINGLE_THREAD -> false;
            case PARALLEL -> true;
            case AUTO, APPROXIMATE -> (long) size * dimension >= PARALLEL_THRESHOLD;
        };
    }

    private void requireDimension(float[] query) {
        if (query.length != dimension) {
            throw new IllegalArgumentException(
                    "the query has " + query.length + " values; the index holds " + dimension);
        }
    }

    /**
     * {@link #topK(float[], int, SearchFilter)} of every query at once: the same lists. On the
     * exact single-thread path (a small catalog without a graph) the rows are read once per {@link
     * #BLOCK} queries instead of once per query, their dot products side by side; otherwise each
     * query runs on its own.
     */
    public List<List<ItemScore>> topKAll(List<float[]> queries, int k, SearchFilter filter) {
        return topKAll(queries, k, filter, null);
    }

    /**
     * {@link #topKAll(List, int, SearchFilter)} with the exact single-thread path's inner products
     * computed by {@code products} (null: the Java scan) in one call for the whole batch, then each
     * query's best rows selected here with the same filter and ties (by item id). The lists are the
     * Java scan's up to the float rounding of the engine's additions (two items within that of each
     * other can swap places). The graph and the parallel scan do not use it.
     */
    public List<List<ItemScore>> topKAll(
            List<float[]> queries, int k, SearchFilter filter, InnerProducts products) {
        if (k < 0) {
            throw new IllegalArgumentException("k must not be negative: " + k);
        }
        queries.forEach(query -> checkFinite(query, "query"));
        lock.readLock().lock();
        try {
            if (queries.isEmpty()
                    || size == 0
                    || k == 0
                    || usesGraph(Execution.AUTO)
                    || scansInParallel(Execution.AUTO)) {
                List<List<ItemScore>> out = new ArrayList<>(queries.size());
                for (float[] query : queries) {
                    out.add(topK(query, k, filter));
                }
                return out;
            }
            queries.forEach(this::requireDimension);
            // one scan's filter and capacity serve every query (its own query is not read)
            Scan scan = new Scan(queries.get(0), Math.min(k, size), filter, categoryMask(filter));
            if (products != null) {
                return selectAll(scan, queries, products);
            }
            List<List<ItemScore>> out = new ArrayList<>(queries.size());
            for (int from = 0; from < queries.size(); from += BLOCK) {
                int n = Math.min(BLOCK, queries.size() - from);
                float[][] block = new float[BLOCK][];
                for (int b = 0; b < BLOCK; b++) {
                    // a short block repeats its last query: the kernel always runs four
                    block[b] = queries.get(from + Math.min(b, n - 1));
                }
                for (TopKHeap heap : scanAll(scan, block, n)) {
                    out.add(heap.sorted());
                }
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every query's best rows by the scores {@code products} computes; under the read lock. */
    private List<List<ItemScore>> selectAll(
            Scan scan, List<float[]> queries, InnerProducts products) {
        int n = queries.size();
        float[] flat = new float[n * dimension];
        for (int q = 0; q < n; q++) {
            System.arraycopy(queries.get(q), 0, flat, q * dimension, dimension);
        }
        float[] scores = products.products(flat, n, matrix, size, dimension, matrixVersion);
        if (scores.length != n * size) {
            throw new IllegalStateException(
                    "the inner products gave " + scores.length + " scores, not " + n * size);
        }
        boolean open = scan.filter.isOpen();
        List<List<ItemScore>> out = new ArrayList<>(n);
        for (int q = 0, base = 0; q < n; q++, base += size) {
            float floor = ScoreFloor.sampled(scores, base, size, scan.capacity);
            TopKHeap heap = select(scan, open, scores, base, floor);
            if (!heap.isFull() && floor != ScoreFloor.NONE) {
                // fewer rows than asked passed at or above the floor: the floor was too high to
                // prove anything, so every row is looked at
                heap = select(scan, open, scores, base, ScoreFloor.NONE);
            }
            out.add(heap.sorted());
        }
        return out;
    }

    /**
     * The best rows among those scoring at least {@code floor}: when the heap fills, every row of
     * the exact top list is among them (each scores at least the heap's worst, which is at least
     * {@code floor}), so the list is the full scan's, ties included.
     */
    private TopKHeap select(Scan scan, boolean open, float[] scores, int base, float floor) {
        TopKHeap heap = new TopKHeap(scan.capacity, ids);
        for (int row = 0; row < size; row++) {
            float score = scores[base + row];
            if (score >= floor && heap.admits(score, row) && (open || scan.passes(row))) {
                heap.add(score, row);
            }
        }
        return heap;
    }

    /** Queries per pass of {@link #topKAll}. */
    static final int BLOCK = 4;

    /**
     * The rows of the whole index scanned once for the first {@code n} queries of {@code block}
     * ({@code block} holds four: a short block repeats one), with {@code scan}'s filter and
     * capacity.
     */
    private TopKHeap[] scanAll(Scan scan, float[][] block, int n) {
        TopKHeap[] heaps = new TopKHeap[n];
        for (int b = 0; b < n; b++) {
            heaps[b] = new TopKHeap(scan.capacity, ids);
        }
        float[] m = matrix;
        int d = dimension;
        float[] q0 = block[0];
        float[] q1 = block[1];
        float[] q2 = block[2];
        float[] q3 = block[3];
        float[] sums = new float[BLOCK];
        boolean open = scan.filter.isOpen();
        for (int row = 0, offset = 0; row < size; row++, offset += d) {
            // four dot products, each summed in the order of dot() (the same floats)
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int j = 0; j < d; j++) {
                float v = m[offset + j];
                s0 += q0[j] * v;
                s1 += q1[j] * v;
                s2 += q2[j] * v;
                s3 += q3[j] * v;
            }
            sums[0] = s0;
            sums[1] = s1;
            sums[2] = s2;
            sums[3] = s3;
            int passes = open ? 1 : 0; // 0: not asked yet, 1: passes, -1: filtered out
            for (int b = 0; b < heaps.length; b++) {
                if (!heaps[b].admits(sums[b], row)) {
                    continue;
                }
                if (passes == 0) {
                    passes = scan.passes(row) ? 1 : -1;
                }
                if (passes > 0) {
                    heaps[b].add(sums[b], row);
                }
            }
        }
        return heaps;
    }

    private List<ItemScore> scanParallel(Scan scan, int k) {
        int chunks = pool.getParallelism() + 1;
        int step = (size + chunks - 1) / chunks;
        List<Future<TopKHeap>> forked = new ArrayList<>(chunks - 1);
        for (int from = step; from < size; from += step) {
            int start = from;
            int end = Math.min(size, from + step);
            forked.add(pool.submit(() -> scan.run(start, end)));
        }
        List<ItemScore> merged = new ArrayList<>(chunks * Math.min(k, size));
        scan.run(0, Math.min(step, size)).drainTo(merged);
        for (Future<TopKHeap> f : forked) {
            try {
                f.get().drainTo(merged);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a top-K query", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a top-K scan failed", e.getCause());
            }
        }
        merged.sort(TopKHeap.BEST_FIRST);
        return merged.size() > k ? List.copyOf(merged.subList(0, k)) : merged;
    }

    /** Per category id: whether it matches the filter's prefix (null when there is no prefix). */
    private boolean[] categoryMask(SearchFilter filter) {
        if (filter.categoryPrefix().isEmpty()) {
            return null;
        }
        boolean[] mask = new boolean[categories.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = filter.categoryMatches(categories.get(i));
        }
        return mask;
    }

    /** One query over a range of rows; reads the index's arrays under the caller's read lock. */
    private final class Scan {
        private final float[] query;
        private final int capacity;
        private final SearchFilter filter;
        private final boolean[] categoryMask;
        private final boolean excludes; // whether the filter excludes any item by id

        Scan(float[] query, int capacity, SearchFilter filter, boolean[] categoryMask) {
            this.query = query;
            this.capacity = capacity;
            this.filter = filter;
            this.categoryMask = categoryMask;
            this.excludes = !filter.excluded().isEmpty();
        }

        TopKHeap run(int from, int to) {
            TopKHeap heap = new TopKHeap(capacity, ids);
            float[] m = matrix;
            int d = dimension;
            boolean open = filter.isOpen();
            for (int row = from, offset = from * d; row < to; row++, offset += d) {
                float score = dot(query, m, offset, d);
                if (heap.admits(score, row) && (open || passes(row))) {
                    heap.add(score, row);
                }
            }
            return heap;
        }

        private boolean passes(int row) {
            return (!filter.availableOnly() || available[row])
                    && (categoryMask == null || categoryMask[category[row]])
                    // without exclusions the row's id is not read (a cache miss per row)
                    && (!excludes || !filter.excluded().contains(ids[row]));
        }
    }

    /**
     * Stops any graph build and drops the graph; the exact scan keeps working. Called when a new
     * index replaces this one.
     */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            generation++;
            graph = null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Records a change for a running build, then starts or drops the graph as the size asks. */
    private void changed(String itemId) {
        if (changedDuringBuild != null) {
            changedDuringBuild.add(itemId);
        }
        if (graph != null && size < hnsw.fromItems() / 2) {
            graph = null;
        }
        boolean wanted = graph == null ? size >= hnsw.fromItems() : graph.needsRebuild();
        if (wanted && changedDuringBuild == null && !closed) {
            startBuild();
        }
    }

    /**
     * Starts a background build of a fresh graph from the current rows; call under the write lock.
     */
    private void startBuild() {
        long gen = generation;
        changedDuringBuild = new HashSet<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        build = done;
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                runBuild(gen);
                            } finally {
                                done.complete(null);
                            }
                        },
                        "perch-hnsw-build");
        thread.setDaemon(true);
        thread.start();
    }

    private void runBuild(long gen) {
        long started = System.nanoTime();
        try {
            Snapshot snapshot;
            lock.readLock().lock();
            try {
                snapshot = snapshot(0, size);
            } finally {
                lock.readLock().unlock();
            }
            HnswGraphIndex built =
                    HnswGraphIndex.empty(hnsw, snapshot.dimension(), snapshot.size() + 1_024);
            if (!built.addAll(snapshot, () -> generation != gen)) {
                dropBuild(gen);
                return;
            }
            while (true) {
                List<String> batch;
                List<Snapshot> rows = new ArrayList<>();
                lock.writeLock().lock();
                try {
                    if (gen != generation) {
                        dropBuild(gen);
                        return;
                    }
                    if (changedDuringBuild.size() <= CATCH_UP_UNDER_LOCK) {
                        apply(built, changedDuringBuild);
                        graph = built;
                        changedDuringBuild = null;
                        LOG.info(
                                "HNSW graph ready: {} items of dimension {} in {} ms, {} MB",
                                built.liveCount(),
                                built.dimension(),
                                (System.nanoTime() - started) / 1_000_000,
                                built.ramBytesUsed() >> 20);
                        return;
                    }
                    batch = new ArrayList<>(changedDuringBuild);
                    changedDuringBuild.clear();
                } finally {
                    lock.writeLock().unlock();
                }
                // Large catch-ups (a catalog loaded while the first build ran) outside the lock,
                // reading each changed row under the read lock.
                for (int from = 0; from < batch.size(); from += CATCH_UP_UNDER_LOCK) {
                    List<String> part =
                            batch.subList(from, Math.min(batch.size(), from + CATCH_UP_UNDER_LOCK));
                    lock.readLock().lock();
                    try {
                        if (gen != generation) {
                            break;
                        }
                        apply(built, part);
                    } finally {
                        lock.readLock().unlock();
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("HNSW graph build failed; top-K queries stay exact", e);
            lock.writeLock().lock();
            try {
                changedDuringBuild = null;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    /** Ends a build whose generation was superseded, starting a new one if the size asks. */
    private void dropBuild(long gen) {
        lock.writeLock().lock();
        try {
            changedDuringBuild = null;
            if (!closed && gen != generation && graph == null && size >= hnsw.fromItems()) {
                startBuild();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Brings the graph in line with the rows of these ids; call under the lock (read or write). */
    private void apply(HnswGraphIndex target, Collection<String> itemIds) {
        for (String itemId : itemIds) {
            Integer row = rowOf.get(itemId);
            if (row == null) {
                target.remove(itemId);
            } else {
                int from = row * dimension;
                target.upsert(
                        itemId,
                        Arrays.copyOfRange(matrix, from, from + dimension),
                        available[row],
                        category[row]);
            }
        }
    }

    private Snapshot snapshot(int from, int to) {
        return new Snapshot(
                to - from,
                dimension,
                Arrays.copyOfRange(matrix, from * dimension, to * dimension),
                Arrays.copyOfRange(ids, from, to),
                Arrays.copyOfRange(available, from, to),
                Arrays.copyOfRange(category, from, to));
    }

    /** A copy of some rows, for building a graph without holding the lock. */
    record Snapshot(
            int size,
            int dimension,
            float[] matrix,
            String[] ids,
            boolean[] available,
            int[] category) {
        float[] vector(int row) {
            return Arrays.copyOfRange(matrix, row * dimension, (row + 1) * dimension);
        }
    }

    /**
     * Inner product of {@code q} with {@code d} values of {@code m} from {@code offset}. A plain
     * loop on purpose: C2 vectorizes it (SuperWord, ordered float reduction); hand-unrolling with
     * several accumulators measured slower here because it stops that (see the README).
     */
    static float dot(float[] q, float[] m, int offset, int d) {
        float s = 0f;
        for (int j = 0; j < d; j++) {
            s += q[j] * m[offset + j];
        }
        return s;
    }

    private void setDimension(int d) {
        if (d != dimension) {
            dimension = d;
            matrix = new float[ids.length * d];
            matrixVersion = MATRIX_VERSIONS.incrementAndGet();
        }
    }

    private void setMeta(int row, ItemMeta meta) {
        available[row] = meta.available();
        category[row] = categoryIds.computeIfAbsent(meta.categoryPath(), this::newCategory);
    }

    private int newCategory(List<String> path) {
        categories.add(path);
        return categories.size() - 1;
    }

    private void grow(int rows) {
        if (rows <= ids.length) {
            return;
        }
        int capacity = Math.max(rows, Math.max(16, ids.length + (ids.length >> 1)));
        long values = (long) capacity * dimension;
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(
                    "the index cannot hold " + capacity + " vectors of dimension " + dimension);
        }
        matrix = Arrays.copyOf(matrix, (int) values);
        ids = Arrays.copyOf(ids, capacity);
        available = Arrays.copyOf(available, capacity);
        category = Arrays.copyOf(category, capacity);
    }

    private static void checkFinite(float[] vector, String what) {
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(
                        what + " holds a value that is not finite: " + v);
            }
        }
    }
}
