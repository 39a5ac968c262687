package dev.perch.core;

import dev.perch.events.ClickEvent;
import dev.perch.events.Item;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A click event together with what the catalog knows about its item: the trained embedding and the
 * top-level category, each absent when unknown (SEARCH, an item not in the catalog yet).
 *
 * @param event the event as received
 * @param embedding the item's embedding, or null when the item or its embedding is unknown
 * @param category the item's top-level category, or null
 * @param embeddingVersion the {@link EmbeddingSpace} version of {@code embedding}, or null when it
 *     is unversioned (or absent)
 */
public record EnrichedEvent(
        ClickEvent event, float[] embedding, String category, String embeddingVersion) {

    public EnrichedEvent {
        Objects.requireNonNull(event, "event");
        if (embedding != null && embedding.length == 0) {
            embedding = null;
        }
        if (embedding == null || (embeddingVersion != null && embeddingVersion.isBlank())) {
            embeddingVersion = null;
        }
    }

    /** An event whose item's embedding is unversioned. */
    public EnrichedEvent(ClickEvent event, float[] embedding, String category) {
        this(event, embedding, category, null);
    }

    /** The space of {@link #embedding}. */
    public EmbeddingSpace embeddingSpace() {
        return EmbeddingSpace.of(embeddingVersion);
    }

    /** The same event with its item's category but no embedding. */
    public EnrichedEvent withoutEmbedding() {
        return new EnrichedEvent(event, null, category, null);
    }

    /** The event with its item's features; {@code item} may be null (not in the catalog). */
    public static EnrichedEvent of(ClickEvent event, Item item) {
        if (item == null) {
            return withoutItem(event);
        }
        List<String> path = item.getCategoryPath();
        String category = path == null || path.isEmpty() ? null : path.get(0);
        return new EnrichedEvent(
                event, toArray(item.getEmbedding()), category, item.getEmbeddingVersion());
    }

    /** The event with nothing known about its item. */
    public static EnrichedEvent withoutItem(ClickEvent event) {
        return new EnrichedEvent(event, null, null);
    }

    /** True when the item's embedding is known. */
    public boolean hasEmbedding() {
        return embedding != null;
    }

    private static float[] toArray(List<Float> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnrichedEvent other
                && event.equals(other.event)
                && Arrays.equals(embedding, other.embedding)
                && Objects.equals(category, other.category)
                && Objects.equals(embeddingVersion, other.embeddingVersion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, Arrays.hashCode(embedding), category, embeddingVersion);
    }

    @Override
    public String toString() {
        return "EnrichedEvent[event="
                + event.getEventId()
                + ", embedding="
                + (embedding == null ? "none" : embedding.length + " dims of " + embeddingSpace())
                + ", category="
                + category
                + "]";
    }
}
