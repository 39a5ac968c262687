package dev.perch.featurestore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Approximate maximum-inner-product search over a Lucene HNSW graph, with the same filters as the
 * exact scan applied while the graph is walked (Lucene's accept-ords), so a filter never empties a
 * result the graph could fill.
 *
 * <p>Graph nodes are append-only: a changed vector retires its node (it still routes searches but
 * is never returned) and gets a new one; availability and category changes are just array writes.
 * {@link #needsRebuild()} says when retired nodes outnumber live ones. Not thread-safe for writes:
 * {@link VectorIndex} writes under its write lock and searches under its read lock; each search
 * walks the graph through its own cursor ({@link GraphView}), so searches run concurrently.
 */
final class HnswGraphIndex {
    private static final VectorSimilarityFunction SIMILARITY =
            VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
    private static final long SEED = 42;

    private final HnswSettings settings;
    private final int dimension;
    private final Vectors vectors;
    private final HnswGraphBuilder builder;
    private final Map<String, Integer> nodeOf;
    private String[] ids;
    private boolean[] available;
    private int[] category;
    private boolean[] retired;
    private int retiredCount;

    private HnswGraphIndex(HnswSettings settings, int dimension, int expected) {
        this.settings = settings;
        this.dimension = dimension;
        this.vectors = new Vectors(dimension, expected);
        this.nodeOf = new HashMap<>(Math.max(16, expected * 4 / 3));
        this.ids = new String[Math.max(16, expected)];
        this.available = new boolean[ids.length];
        this.category = new int[ids.length];
        this.retired = new boolean[ids.length];
        try {
            RandomVectorScorerSupplier scorers =
                    DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
                            SIMILARITY, vectors);
            this.builder =
                    HnswGraphBuilder.create(
                            scorers, settings.maxConn(), settings.beamWidth(), SEED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An empty graph for vectors of this dimension, sized for about {@code expected} items. */
    static HnswGraphIndex empty(HnswSettings settings, int dimension, int expected) {
        return new HnswGraphIndex(settings, dimension, expected);
    }

    int dimension() {
        return dimension;
    }

    /** Items that can be returned (nodes not retired). */
    int liveCount() {
        return nodeOf.size();
    }

    int retiredCount() {
        return retiredCount;
    }

    /** True when retired nodes outnumber live ones: searches waste most of their walk on them. */
    boolean needsRebuild() {
        return retiredCount > Math.max(1_000, nodeOf.size());
    }

    /**
     * Adds an item or changes it. The same vector again only updates the filter facts; a new vector
     * retires the old node and links a new one into the graph. The graph keeps {@code vector}
     * itself: the caller hands over a copy it never changes.
     */
    void upsert(String itemId, float[] vector, boolean isAvailable, int categoryId) {
        Integer existing = nodeOf.get(itemId);
        if (existing != null) {
            if (Arrays.equals(vectors.vectorValue(existing), vector)) {
                available[existing] = isAvailable;
                category[existing] = categoryId;
                return;
            }
            retire(existing);
        }
        int node = vectors.add(vector);
        grow(node + 1);
        ids[node] = itemId;
        available[node] = isAvailable;
        category[node] = categoryId;
        nodeOf.put(itemId, node);
        try {
            builder.addGraphNode(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void updateMeta(String itemId, boolean isAvailable, int categoryId) {
        Integer node = nodeOf.get(itemId);
        if (node != null) {
            available[node] = isAvailable;
            category[node] = categoryId;
        }
    }

    void remove(String itemId) {
        Integer node = nodeOf.get(itemId);
        if (node != null) {
            retire(node);
        }
    }

    private void retire(int node) {
        nodeOf.remove(ids[node]);
        retired[node] = true;
        retiredCount++;
    }

    /**
     * Adds every row of a snapshot, checking {@code cancelled} every 4,096 nodes.
     *
     * @return false when cancelled before the end
     */
    boolean addAll(VectorIndex.Snapshot snapshot, BooleanSupplier cancelled) {
        for (int row = 0; row < snapshot.size(); row++) {
            if ((row & 4095) == 0 && cancelled.getAsBoolean()) {
                return false;
            }
            upsert(
                    snapshot.ids()[row],
                    snapshot.vector(row),
                    snapshot.available()[row],
                    snapshot.category()[row]);
        }
        return true;
    }

    /**
     * The k best items for {@code query} that pass the filter, best first with exact inner-product
     * scores, or null when the graph cannot answer well and the exact scan should: the walk hit its
     * visit limit (a very selective filter) or found fewer than k items.
     */
    List<ItemScore> search(float[] query, int k, SearchFilter filter, boolean[] categoryMask) {
        int live = nodeOf.size();
        if (live == 0) {
            return null;
        }
        int want = Math.max(k, settings.efSearch());
        int visitLimit = Math.max(want * 64, live / 8);
        TopKnnCollector collector = new TopKnnCollector(want, visitLimit);
        try {
            RandomVectorScorer scorer =
                    DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(
                            SIMILARITY, vectors, query);
            HnswGraphSearcher.search(
                    scorer,
                    collector,
                    new GraphView(builder.getGraph()),
                    new Accept(filter, categoryMask));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (collector.earlyTerminated() || collector.numCollected() < Math.min(k, live)) {
            return null;
        }
        ScoreDoc[] found = collector.topDocs().scoreDocs;
        List<ItemScore> out = new ArrayList<>(found.length);
        for (ScoreDoc d : found) {
            out.add(
                    new ItemScore(
                            ids[d.doc],
                            VectorIndex.dot(query, vectors.vectorValue(d.doc), 0, dimension)));
        }
        out.sort(TopKHeap.BEST_FIRST);
        return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
    }

    /**
     * Heap bytes held: graph, vectors and per-node arrays (ids' strings and the id map excluded).
     */
    long ramBytesUsed() {
        long perNode = Long.BYTES /* id ref */ + 1 + Integer.BYTES + 1;
        return builder.getGraph().ramBytesUsed()
                + vectors.size() * (16L + (long) dimension * Float.BYTES + 8)
                + (long) ids.length * perNode;
    }

    private void grow(int nodes) {
        if (nodes <= ids.length) {
            return;
        }
        int capacity = Math.max(nodes, ids.length + (ids.length >> 1));
        ids = Arrays.copyOf(ids, capacity);
        available = Arrays.copyOf(available, capacity);
        category = Arrays.copyOf(category, capacity);
        retired = Arrays.copyOf(retired, capacity);
    }

    /** Which nodes a search may return: live, and passing the query's filter. */
    private final class Accept implements Bits {
        private final boolean availableOnly;
        private final boolean[] categoryMask;
        private final Set<String> excluded;

        Accept(SearchFilter filter, boolean[] categoryMask) {
            this.availableOnly = filter.availableOnly();
            this.categoryMask = categoryMask;
            this.excluded = filter.excluded();
        }

        @Override
        public boolean get(int node) {
            return !retired[node]
                    && (!availableOnly || available[node])
                    && (categoryMask == null || categoryMask[category[node]])
                    && (excluded.isEmpty() || !excluded.contains(ids[node]));
        }

        @Override
        public int length() {
            return vectors.size();
        }
    }

    /**
     * A read-only cursor over the shared graph: {@link HnswGraph}'s seek/next API keeps its
     * position in the graph object, so concurrent searches each walk through their own view.
     */
    private static final class GraphView extends HnswGraph {
        private final OnHeapHnswGraph graph;
        private int[] neighbors;
        private int count;
        private int next;

        GraphView(OnHeapHnswGraph graph) {
            this.graph = graph;
        }

        @Override
        public void seek(int level, int target) {
            NeighborArray array = graph.getNeighbors(level, target);
            neighbors = array.nodes();
            count = array.size();
            next = 0;
        }

        @Override
        public int size() {
            return graph.size();
        }

        @Override
        public int maxNodeId() {
            return graph.maxNodeId();
        }

        @Override
        public int nextNeighbor() {
            return next < count ? neighbors[next++] : DocIdSetIterator.NO_MORE_DOCS;
        }

        @Override
        public int numLevels() throws IOException {
            return graph.numLevels();
        }

        @Override
        public int entryNode() throws IOException {
            return graph.entryNode();
        }

        @Override
        public NodesIterator getNodesOnLevel(int level) throws IOException {
            return graph.getNodesOnLevel(level);
        }
    }

    /** The graph's vectors, one array per node (returned without copying; never modified). */
    private static final class Vectors implements RandomAccessVectorValues.Floats {
        private final int dimension;
        private float[][] rows;
        private int size;

        Vectors(int dimension, int expected) {
            this.dimension = dimension;
            this.rows = new float[Math.max(16, expected)][];
        }

        int add(float[] vector) {
            if (size == rows.length) {
                rows = Arrays.copyOf(rows, size + (size >> 1));
            }
            rows[size] = vector;
            return size++;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public float[] vectorValue(int ord) {
            return rows[ord];
        }

        @Override
        public Vectors copy() {
            return this;
        }
    }
}
