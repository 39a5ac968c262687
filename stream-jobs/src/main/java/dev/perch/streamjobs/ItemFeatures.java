package dev.perch.streamjobs;

import dev.perch.events.Item;
import java.util.List;

/**
 * What the user-state job keeps of a catalog item: its embedding and top-level category, not the
 * whole record (titles and attributes would only bloat the keyed state).
 *
 * @param embedding the trained embedding, or null
 * @param category the top-level category, or null
 * @param embeddingVersion the embedding space of {@code embedding} (Item.embeddingVersion), or null
 */
public record ItemFeatures(float[] embedding, String category, String embeddingVersion) {

    /** The features of this catalog record. */
    public static ItemFeatures of(Item item) {
        List<Float> values = item.getEmbedding();
        float[] embedding = null;
        if (values != null && !values.isEmpty()) {
            embedding = new float[values.size()];
            for (int i = 0; i < embedding.length; i++) {
                embedding[i] = values.get(i);
            }
        }
        List<String> path = item.getCategoryPath();
        return new ItemFeatures(
                embedding,
                path == null || path.isEmpty() ? null : path.get(0),
                item.getEmbeddingVersion());
    }
}
