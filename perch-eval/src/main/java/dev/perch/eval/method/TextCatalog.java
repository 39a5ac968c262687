package dev.perch.eval.method;

import dev.perch.events.Item;
import dev.perch.featurestore.ItemText;
import dev.perch.featurestore.TextEncoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset's catalog with the text embedding of every item, encoded once per run by the same
 * sentence encoder and {@link ItemText} the model server uses: what the {@code perch-content}
 * variant and the search evaluation read.
 *
 * @param items the catalog records by id
 * @param embeddings the unit-length text embedding of each item
 * @param categories the top-level category of each item
 */
public record TextCatalog(
        Map<String, Item> items, Map<String, float[]> embeddings, Map<String, String> categories) {

    /** Encodes every item of {@code items} in batches of 64. */
    public static TextCatalog encode(Map<String, Item> items, TextEncoder encoder) {
        Map<String, float[]> embeddings = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        List<String> ids = new ArrayList<>(items.keySet());
        for (int from = 0; from < ids.size(); from += 64) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + 64));
            List<String> texts = batch.stream().map(id -> ItemText.of(items.get(id))).toList();
            List<float[]> vectors = encoder.encode(texts);
            for (int i = 0; i < batch.size(); i++) {
                embeddings.put(batch.get(i), vectors.get(i));
            }
        }
        items.forEach(
                (id, item) -> {
                    if (!item.getCategoryPath().isEmpty()) {
                        categories.put(id, item.getCategoryPath().get(0));
                    }
                });
        return new TextCatalog(Map.copyOf(items), Map.copyOf(embeddings), Map.copyOf(categories));
    }
}
