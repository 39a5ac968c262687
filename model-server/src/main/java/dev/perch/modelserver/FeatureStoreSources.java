package dev.perch.modelserver;

import dev.perch.core.EmbeddingSpace;
import dev.perch.core.recommend.CandidateSources;
import dev.perch.core.recommend.ItemCatalog;
import dev.perch.core.recommend.ItemFacts;
import dev.perch.core.recommend.ScoredId;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import dev.perch.events.TrendingItems;
import dev.perch.featurestore.FeatureStore;
import dev.perch.featurestore.InnerProducts;
import dev.perch.featurestore.ItemScore;
import dev.perch.featurestore.SearchFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The feature store seen as candidate sources and catalog: nearest available items to the user
 * vector, co-visitation neighbours and followers (both from perch.item-neighbors), trending lists,
 * the all-time popularity of each item (its perch.item-neighbors record) and the all-time most
 * popular items (the perch.trending list of scope {@link CandidateSources#ALL_TIME}), counted as
 * the evaluator's replay counts them, and the text embeddings of the items (content source,
 * text-similarity feature). Until an item-statistics job that publishes popularity has run (an
 * upgrade from a version before it), the popular source falls back to the global trending list.
 *
 * <p>Inside {@link #inOneBatch} the neighbour lists and trending lists read on the calling thread
 * are memoised until the batch ends: the users of one micro-batch share most of their candidates
 * (trending, popular and neighbouring items), and a list read is a cache look-up (a RocksDB get
 * plus an Avro decode on a miss), which the profile of issue 16 found to be most of the model
 * server's CPU. Item facts come from the store's memory ({@link FeatureStore#catalogFacts} with the
 * embedding, the text vector from its text index) in one look-up each, and are not memoised. A
 * batch sees the lists as they were at its first read of each key; the next batch reads afresh.
 */
public final class FeatureStoreSources
        implements CandidateSources, ItemCatalog, BatchRecommender.ReadScope {
    private final FeatureStore store;
    private final InnerProducts products;
    private final ThreadLocal<Memo> batch = new ThreadLocal<>();

    /** Sources over {@code store}, its exact nearest-item scan in Java. */
    public FeatureStoreSources(FeatureStore store) {
        this(store, null);
    }

    /**
     * Sources over {@code store} whose batched nearest-item scan ({@link #nearestAll}) computes its
     * inner products with {@code products} (null: in Java).
     */
    public FeatureStoreSources(FeatureStore store, InnerProducts products) {
        this.store = store;
        this.products = products;
    }

    /** What one batch has read so far. */
    private static final class Memo {
        final Map<String, Optional<ItemNeighbors>> neighbors = new HashMap<>();
        final Map<String, Optional<TrendingItems>> trending = new HashMap<>();
    }

    @Override
    public <T> T inOneBatch(Supplier<T> work) {
        if (batch.get() != null) {
            return work.get(); // already inside a batch on this thread
        }
        batch.set(new Memo());
        try {
            return work.get();
        } finally {
            batch.remove();
        }
    }

    private Optional<ItemNeighbors> neighborsOf(String itemId) {
        Memo memo = batch.get();
        return memo == null
                ? store.neighbors(itemId)
                : memo.neighbors.computeIfAbsent(itemId, store::neighbors);
    }

    private Optional<TrendingItems> trendingOf(String scope) {
        Memo memo = batch.get();
        return memo == null
                ? store.trending(scope)
                : memo.trending.computeIfAbsent(scope, store::trending);
    }

    @Override
    public List<ScoredId> nearest(float[] vector, int k) {
        if (store.index().size() == 0 || store.index().dimension() != vector.length) {
            return List.of();
        }
        return scored(store.nearest(vector, k, SearchFilter.onlyAvailable()));
    }

    /** Every vector's nearest items in one pass of the store's index (a micro-batch's users). */
    @Override
    public List<List<ScoredId>> nearestAll(List<float[]> vectors, int k) {
        List<List<ScoredId>> out = new ArrayList<>(vectors.size());
        if (store.index().size() == 0) {
            vectors.forEach(v -> out.add(List.of()));
            return out;
        }
        int dimension = store.index().dimension();
        List<float[]> asked = new ArrayList<>(vectors.size());
        for (float[] vector : vectors) {
            if (vector.length == dimension) {
                asked.add(vector);
            }
        }
        Iterator<List<ItemScore>> found =
                store.nearestAll(asked, k, SearchFilter.onlyAvailable(), products).iterator();
        for (float[] vector : vectors) {
            // as nearest: a vector of another length than the store's finds nothing
            out.add(vector.length == dimension ? scored(found.next()) : List.of());
        }
        return out;
    }

    private static List<ScoredId> scored(List<ItemScore> found) {
        List<ScoredId> out = new ArrayList<>(found.size());
        for (ItemScore score : found) {
            out.add(new ScoredId(score.itemId(), score.score()));
        }
        return out;
    }

    /** The version of the embeddings the store holds (of the model artifact loaded last). */
    @Override
    public EmbeddingSpace embeddingSpace() {
        return EmbeddingSpace.of(store.embeddingVersion().orElse(null));
    }

    @Override
    public Optional<float[]> textEmbedding(String itemId) {
        return store.textEmbedding(itemId);
    }

    @Override
    public List<ScoredId> nearestText(float[] vector, int k) {
        return scored(store.nearestText(vector, k, SearchFilter.onlyAvailable()));
    }

    @Override
    public List<ScoredId> neighbors(String itemId, int n) {
        return neighborsOf(itemId)
                .map(ItemNeighbors::getNeighbors)
                .map(l -> top(l, n))
                .orElse(List.of());
    }

    @Override
    public List<ScoredId> followers(String itemId, int n) {
        return neighborsOf(itemId)
                .map(ItemNeighbors::getFollowers)
                .map(l -> top(l, n))
                .orElse(List.of());
    }

    @Override
    public List<ScoredId> trending(String scope, int n) {
        return trendingOf(scope).map(t -> top(t.getItems(), n)).orElse(List.of());
    }

    @Override
    public List<ScoredId> popular(int n) {
        Optional<TrendingItems> allTime = trendingOf(CandidateSources.ALL_TIME);
        return allTime.isPresent()
                ? top(allTime.get().getItems(), n)
                : trending(CandidateSources.GLOBAL, n);
    }

    /**
     * From the store's memory in one look-up ({@link FeatureStore#itemFacts}: made when the item
     * changes, with its embedding and text embedding), nothing made per look-up: ranking looks up
     * every candidate of every user.
     */
    @Override
    public Optional<ItemFacts> item(String itemId) {
        return store.itemFacts(itemId);
    }

    private static List<ScoredId> top(List<ScoredItem> items, int n) {
        List<ScoredId> out = new ArrayList<>(Math.min(n, items.size()));
        for (ScoredItem item : items) {
            if (out.size() >= n) {
                break;
            }
            out.add(new ScoredId(item.getItemId(), item.getScore()));
        }
        return out;
    }
}
