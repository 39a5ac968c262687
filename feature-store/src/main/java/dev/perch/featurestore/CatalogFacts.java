package dev.perch.featurestore;

import java.util.Arrays;
import java.util.Objects;

/**
 * The few facts of one catalog item that ranking reads for every candidate, served from memory
 * ({@link FeatureStore#catalogFacts}): no RocksDB read, no Avro decode, no cache, one look-up.
 *
 * @param available whether it can be bought now (its catalog record)
 * @param category its top-level category (the first of its category path), or null
 * @param popularity its all-time weighted visit count (its perch.item-neighbors record; 0 until the
 *     item-statistics job has counted it)
 * @param embedding its embedding (the vector the index holds for it), or null without one; shared,
 *     read-only: a write replaces it, never changes it
 */
public record CatalogFacts(
        boolean available, String category, double popularity, float[] embedding) {
    /** The facts of an item without an embedding. */
    public CatalogFacts(boolean available, String category, double popularity) {
        this(available, category, popularity, null);
    }

    /** Equal facts: the embeddings compared by their values. */
    @Override
    public boolean equals(Object other) {
        return other instanceof CatalogFacts that
                && available == that.available
                && Objects.equals(category, that.category)
                && Double.compare(popularity, that.popularity) == 0
                && Arrays.equals(embedding, that.embedding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(available, category, popularity, Arrays.hashCode(embedding));
    }

    @Override
    public String toString() {
        return "CatalogFacts[available="
                + available
                + ", category="
                + category
                + ", popularity="
                + popularity
                + ", embedding="
                + Arrays.toString(embedding)
                + "]";
    }
}
