package dev.perch.modelserver;

import dev.perch.core.EmbeddingSpace;
import dev.perch.core.recommend.CandidateSources;
import dev.perch.core.recommend.ItemCatalog;
import dev.perch.core.recommend.ItemFacts;
import dev.perch.core.recommend.ScoredId;
import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import dev.perch.featurestore.FeatureStore;
import dev.perch.featurestore.ItemScore;
import dev.perch.featurestore.SearchFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The feature store seen as candidate sources and catalog: nearest available items to the user
 * vector, co-visitation neighbours and followers (both from perch.item-neighbors), trending lists,
 * the global trending list as popularity, and the text embeddings of the items (content source,
 * text-similarity feature).
 */
public final class FeatureStoreSources implements CandidateSources, ItemCatalog {
    private static final int POPULARITY_REFRESH_MS = 1000;

    private final FeatureStore store;
    private volatile Popularity popularity = new Popularity(Map.of(), Long.MIN_VALUE);

    public FeatureStoreSources(FeatureStore store) {
        this.store = store;
    }

    @Override
    public List<ScoredId> nearest(float[] vector, int k) {
        if (store.index().size() == 0 || store.index().dimension() != vector.length) {
            return List.of();
        }
        List<ScoredId> out = new ArrayList<>();
        for (ItemScore score : store.nearest(vector, k, SearchFilter.onlyAvailable())) {
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
        List<ScoredId> out = new ArrayList<>();
        for (ItemScore score : store.nearestText(vector, k, SearchFilter.onlyAvailable())) {
            out.add(new ScoredId(score.itemId(), score.score()));
        }
        return out;
    }

    @Override
    public List<ScoredId> neighbors(String itemId, int n) {
        return store.neighbors(itemId)
                .map(ItemNeighbors::getNeighbors)
                .map(l -> top(l, n))
                .orElse(List.of());
    }

    @Override
    public List<ScoredId> followers(String itemId, int n) {
        return store.neighbors(itemId)
                .map(ItemNeighbors::getFollowers)
                .map(l -> top(l, n))
                .orElse(List.of());
    }

    @Override
    public List<ScoredId> trending(String scope, int n) {
        return store.trending(scope).map(t -> top(t.getItems(), n)).orElse(List.of());
    }

    @Override
    public List<ScoredId> popular(int n) {
        return trending(CandidateSources.GLOBAL, n);
    }

    @Override
    public Optional<ItemFacts> item(String itemId) {
        Optional<Item> item = store.item(itemId);
        if (item.isEmpty()) {
            return Optional.empty();
        }
        Item record = item.get();
        List<String> path = record.getCategoryPath();
        String category = path.isEmpty() ? null : path.get(0);
        float[] embedding = store.embedding(itemId).orElse(null);
        return Optional.of(
                new ItemFacts(
                        itemId,
                        record.getAvailable(),
                        category,
                        embedding,
                        popularity().getOrDefault(itemId, 0.0),
                        store.textEmbedding(itemId).orElse(null)));
    }

    /** The global trending scores by item, re-read at most once a second. */
    private Map<String, Double> popularity() {
        Popularity current = popularity;
        long now = System.currentTimeMillis();
        if (now - current.readAt() < POPULARITY_REFRESH_MS) {
            return current.scores();
        }
        Map<String, Double> scores = new HashMap<>();
        store.trending(CandidateSources.GLOBAL)
                .ifPresent(t -> t.getItems().forEach(s -> scores.put(s.getItemId(), s.getScore())));
        popularity = new Popularity(Map.copyOf(scores), now);
        return scores;
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

    private record Popularity(Map<String, Double> scores, long readAt) {}
}
