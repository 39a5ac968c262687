package dev.perch.eval.method;

import dev.perch.eval.data.ItemTexts;
import dev.perch.events.Item;
import dev.perch.featurestore.ItemText;
import dev.perch.featurestore.TextEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

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

    /**
     * Reads a MovieLens catalog file ({@link ItemTexts}) and encodes it, reporting the items/s to
     * {@code log}: what {@code bin/perch eval --item-text} and {@code bin/perch train --item-text}
     * do.
     */
    public static TextCatalog read(
            Path file, TextEncoder encoder, String encoderVersion, Consumer<String> log)
            throws IOException {
        long[] rejected = new long[1];
        Map<String, Item> items = ItemTexts.read(file, rejected);
        return encode(items, rejected[0], encoder, encoderVersion, log);
    }

    /** Encodes {@code items}, reporting the items/s and the {@code rejected} records to log. */
    public static TextCatalog encode(
            Map<String, Item> items,
            long rejected,
            TextEncoder encoder,
            String encoderVersion,
            Consumer<String> log) {
        long started = System.nanoTime();
        TextCatalog catalog = encode(items, encoder);
        double seconds = (System.nanoTime() - started) / 1e9;
        log.accept(
                String.format(
                        Locale.ROOT,
                        "item text: %d items (%d records rejected) encoded by %s in %.1f s (%.0f"
                                + " items/s)",
                        items.size(),
                        rejected,
                        encoderVersion,
                        seconds,
                        items.size() / Math.max(seconds, 1e-9)));
        return catalog;
    }

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
