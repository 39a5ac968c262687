package dev.perch.core.recommend;

import java.util.Objects;

/**
 * What ranking needs to know of one catalog item.
 *
 * @param itemId the catalog item
 * @param available whether it can be bought now
 * @param category its top-level category, or null
 * @param embedding its trained embedding, or null when it has none
 * @param popularity how often it was touched (a count or a decayed count; only its order matters)
 * @param textEmbedding the unit-length embedding of its catalog text, or null when it has none
 */
public record ItemFacts(
        String itemId,
        boolean available,
        String category,
        float[] embedding,
        double popularity,
        float[] textEmbedding) {
    public ItemFacts {
        Objects.requireNonNull(itemId, "itemId");
        if (embedding != null && embedding.length == 0) {
            embedding = null;
        }
        if (textEmbedding != null && textEmbedding.length == 0) {
            textEmbedding = null;
        }
    }

    /** An item whose text embedding is not known. */
    public ItemFacts(
            String itemId,
            boolean available,
            String category,
            float[] embedding,
            double popularity) {
        this(itemId, available, category, embedding, popularity, null);
    }

    /** The same facts with {@code popularity}. */
    public ItemFacts withPopularity(double newPopularity) {
        return new ItemFacts(itemId, available, category, embedding, newPopularity, textEmbedding);
    }
}
