package dev.perch.featurestore;

import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.TrendingItems;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Changes written to the store atomically (one RocksDB WriteBatch), together with the topic offsets
 * they came from, so a restart resumes exactly after the last batch written. Not thread-safe.
 */
public final class StoreBatch {
    /** One change; applied in the order added. */
    sealed interface Op {}

    record PutItem(Item item) implements Op {}

    record DeleteItem(String itemId) implements Op {}

    record PutEmbedding(String itemId, float[] vector) implements Op {}

    record DeleteEmbedding(String itemId) implements Op {}

    record PutNeighbors(ItemNeighbors neighbors) implements Op {}

    record DeleteNeighbors(String itemId) implements Op {}

    record PutTrending(TrendingItems trending) implements Op {}

    record DeleteTrending(String scope) implements Op {}

    record PutText(String itemId, long textHash, float[] vector) implements Op {}

    record Offset(String topic, int partition, long nextOffset) implements Op {}

    private final List<Op> ops = new ArrayList<>();

    /**
     * Upserts a catalog record. Its embedding, when present, goes to the embeddings (and the search
     * index); the stored item keeps none, so {@link FeatureStore#embedding} is the one source.
     */
    public StoreBatch putItem(Item item) {
        return add(new PutItem(Objects.requireNonNull(item, "item")));
    }

    /** A catalog tombstone: removes the item and its embedding. */
    public StoreBatch deleteItem(String itemId) {
        return add(new DeleteItem(Objects.requireNonNull(itemId, "itemId")));
    }

    public StoreBatch putEmbedding(String itemId, float[] vector) {
        return add(new PutEmbedding(new ItemVector(itemId, vector).itemId(), vector.clone()));
    }

    public StoreBatch deleteEmbedding(String itemId) {
        return add(new DeleteEmbedding(Objects.requireNonNull(itemId, "itemId")));
    }

    /**
     * Stores the text embedding of an item with the hash of the text it encodes ({@link
     * ItemText#hash}); the item's tombstone removes it.
     */
    public StoreBatch putText(String itemId, long textHash, float[] vector) {
        return add(new PutText(new ItemVector(itemId, vector).itemId(), textHash, vector.clone()));
    }

    /**
     * Puts an item's neighbour lists. Once written, the store keeps this record as what reads of
     * the item return (its ids replaced by their canonical objects): do not change it afterwards.
     */
    public StoreBatch putNeighbors(ItemNeighbors neighbors) {
        return add(new PutNeighbors(Objects.requireNonNull(neighbors, "neighbors")));
    }

    public StoreBatch deleteNeighbors(String itemId) {
        return add(new DeleteNeighbors(Objects.requireNonNull(itemId, "itemId")));
    }

    /**
     * Puts a scope's trending list. Once written, the store keeps this record as what reads of the
     * scope return (its ids replaced by their canonical objects): do not change it afterwards.
     */
    public StoreBatch putTrending(TrendingItems trending) {
        return add(new PutTrending(Objects.requireNonNull(trending, "trending")));
    }

    public StoreBatch deleteTrending(String scope) {
        return add(new DeleteTrending(Objects.requireNonNull(scope, "scope")));
    }

    /**
     * Records that everything before {@code nextOffset} of this topic partition is in the batch.
     */
    public StoreBatch offset(String topic, int partition, long nextOffset) {
        if (nextOffset < 0) {
            throw new IllegalArgumentException("negative offset " + nextOffset);
        }
        return add(new Offset(Objects.requireNonNull(topic, "topic"), partition, nextOffset));
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    public int size() {
        return ops.size();
    }

    List<Op> ops() {
        return ops;
    }

    private StoreBatch add(Op op) {
        ops.add(op);
        return this;
    }
}
