package dev.perch.featurestore;

import java.util.Objects;

/**
 * One item's embedding, as loaded in bulk from a model artifact or upserted one by one. The vector
 * is not copied: do not change it after handing it over.
 */
public record ItemVector(String itemId, float[] vector) {
    public ItemVector {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(vector, "vector");
        if (vector.length == 0) {
            throw new IllegalArgumentException("empty vector for item " + itemId);
        }
    }
}
