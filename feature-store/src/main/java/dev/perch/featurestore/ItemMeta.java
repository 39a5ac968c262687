package dev.perch.featurestore;

import dev.perch.events.Item;
import java.util.List;

/**
 * What the nearest-items query filters on, per item: whether it can be bought now and its category
 * path. An embedding whose item is not in the catalog gets {@link #UNKNOWN}: not available.
 */
public record ItemMeta(boolean available, List<String> categoryPath) {
    /** For an embedding whose item has no catalog record (yet). */
    public static final ItemMeta UNKNOWN = new ItemMeta(false, List.of());

    public ItemMeta {
        categoryPath = List.copyOf(categoryPath);
    }

    /** The facts of one catalog record. */
    public static ItemMeta of(Item item) {
        return new ItemMeta(item.getAvailable(), item.getCategoryPath());
    }
}
