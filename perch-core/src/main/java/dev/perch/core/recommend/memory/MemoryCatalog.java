package dev.perch.core.recommend.memory;

import dev.perch.core.itemstats.PopularityCounter;
import dev.perch.core.recommend.ItemCatalog;
import dev.perch.core.recommend.ItemFacts;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A catalog held in memory (evaluator, trainer, tests); the popularity of each item is read live
 * from a {@link PopularityCounter} so it follows the replayed stream.
 */
public final class MemoryCatalog implements ItemCatalog {
    private final Map<String, ItemFacts> items = new HashMap<>();
    private final PopularityCounter popularity;

    public MemoryCatalog(PopularityCounter popularity) {
        this.popularity = Objects.requireNonNull(popularity, "popularity");
    }

    /** Adds or replaces an item (its popularity field is ignored: the counter's is used). */
    public void put(ItemFacts facts) {
        items.put(facts.itemId(), facts);
    }

    /** Adds an available item without embedding unless it is already known. */
    public void putIfAbsent(String itemId, String category) {
        items.computeIfAbsent(itemId, id -> new ItemFacts(id, true, category, null, 0));
    }

    @Override
    public Optional<ItemFacts> item(String itemId) {
        ItemFacts facts = items.get(itemId);
        if (facts == null) {
            return Optional.empty();
        }
        return Optional.of(facts.withPopularity(popularity.count(itemId)));
    }

    /** Every item, as put. */
    public Collection<ItemFacts> items() {
        return List.copyOf(items.values());
    }

    /** How many items the catalog holds. */
    public int size() {
        return items.size();
    }
}
