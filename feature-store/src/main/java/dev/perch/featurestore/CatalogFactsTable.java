package dev.perch.featurestore;

import dev.perch.core.recommend.ItemFacts;
import dev.perch.events.Item;
import dev.perch.events.ItemIds;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * {@link CatalogFacts} of every item, in memory: filled from the store at open and changed by every
 * write after RocksDB has it, as the vector index is. One writer (the store's synchronized writes),
 * any number of readers; each row is replaced whole, so a reader sees a row before or after a
 * write, never half of it.
 *
 * <p>An item's popularity can arrive before its catalog record (the item-statistics job counts what
 * the shop's events name), so a row may hold a popularity without a record; such an item has no
 * facts until its record comes, as it had none when they were read from RocksDB.
 *
 * <p>Memory: about 188 bytes per item with its map entry, its id and its {@link ItemFacts}
 * (category names are shared; 140 bytes before the row held its facts ready), so about 188 MB per
 * million items, plus each embedding's and each text embedding's own array, second copies beside
 * the vector index's and the text index's (measured by the test class {@code CatalogFactsMemory}).
 */
final class CatalogFactsTable {
    /**
     * One item's row; {@code cataloged} false: only its popularity (or embedding or text embedding)
     * is known. The arrays are never changed once in a row. {@code facts}: the row as ranking reads
     * it, made once when the row changes ({@link #change}), null until the item is cataloged.
     */
    private record Row(
            boolean cataloged,
            boolean available,
            String category,
            double popularity,
            float[] embedding,
            float[] text,
            ItemFacts facts) {
        static final Row NONE = new Row(false, false, null, 0.0, null, null, null);

        Row withItem(boolean isAvailable, String topCategory) {
            return new Row(true, isAvailable, topCategory, popularity, embedding, text, null);
        }

        Row withPopularity(double value) {
            return new Row(cataloged, available, category, value, embedding, text, null);
        }

        Row withEmbedding(float[] vector) {
            return new Row(cataloged, available, category, popularity, vector, text, null);
        }

        Row withText(float[] vector) {
            return new Row(cataloged, available, category, popularity, embedding, vector, null);
        }

        /** This row with its {@link ItemFacts} made, for the item {@code itemId}. */
        Row withFacts(String itemId) {
            return new Row(
                    cataloged,
                    available,
                    category,
                    popularity,
                    embedding,
                    text,
                    cataloged
                            ? new ItemFacts(
                                    itemId, available, category, embedding, popularity, text)
                            : null);
        }

        boolean empty() {
            return !cataloged && popularity == 0.0 && embedding == null && text == null;
        }
    }

    private final ConcurrentHashMap<String, Row> rows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> categories = new ConcurrentHashMap<>();

    /** The facts of a cataloged item; empty for an item without a catalog record. */
    Optional<CatalogFacts> get(String itemId) {
        Row row = rows.get(itemId);
        return row == null || !row.cataloged()
                ? Optional.empty()
                : Optional.of(
                        new CatalogFacts(
                                row.available(),
                                row.category(),
                                row.popularity(),
                                row.embedding()));
    }

    /**
     * The facts ranking reads of a cataloged item, with its text embedding (null: none), the same
     * object until the item's row changes; null for an item without a catalog record. Made when the
     * row changes, not per look-up: ranking looks up every candidate of every user.
     */
    ItemFacts itemFacts(String itemId) {
        Row row = rows.get(itemId);
        return row == null ? null : row.facts();
    }

    /**
     * The canonical object of an id ({@link ItemIds#canonical}): the table's own for a cataloged
     * item (its key, which its facts carry), one map look-up; else the JDK string table's. The ids
     * of a decoded neighbour or trending list are nearly all cataloged, and the string table took
     * 111 ns per id over 26,000 ids, 243 over a million ({@code ItemIdsBenchmark}; 2.1 % of the
     * model server's samples at 5,000 events/s, issue 16).
     */
    String canonicalId(String itemId) {
        Row row = rows.get(itemId);
        return row != null && row.facts() != null
                ? row.facts().itemId()
                : ItemIds.canonical(itemId);
    }

    /** The item's catalog record was written. */
    void putItem(Item item) {
        List<String> path = item.getCategoryPath();
        String category = path.isEmpty() ? null : categories.computeIfAbsent(path.get(0), c -> c);
        boolean available = item.getAvailable();
        change(item.getItemId(), row -> row.withItem(available, category));
    }

    /** The item's catalog record was deleted (and its embedding with it); its popularity stays. */
    void deleteItem(String itemId) {
        rows.computeIfPresent(
                itemId,
                (id, row) ->
                        row.popularity() == 0.0 ? null : Row.NONE.withPopularity(row.popularity()));
    }

    /** The item's neighbour record (which carries its popularity) was written. */
    void putPopularity(String itemId, double popularity) {
        change(itemId, row -> row.withPopularity(popularity));
    }

    /** The item's neighbour record was deleted: its popularity is 0 again. */
    void deletePopularity(String itemId) {
        putPopularity(itemId, 0.0);
    }

    /**
     * The item's embedding was written (null: deleted), after the vector index took it; the array
     * is the table's own from now on.
     */
    void putEmbedding(String itemId, float[] vector) {
        change(itemId, row -> row.withEmbedding(vector));
    }

    /**
     * The item's text embedding was written (null: deleted), after the text index took it; the
     * array is the table's own from now on.
     */
    void putText(String itemId, float[] vector) {
        change(itemId, row -> row.withText(vector));
    }

    /**
     * Replaces the item's row (none yet: {@link Row#NONE}) by {@code change}'s, with its facts
     * made; an empty one goes.
     */
    private void change(String itemId, UnaryOperator<Row> change) {
        rows.compute(
                // the canonical id as the key: a candidate's look-up by it stops at identity
                ItemIds.canonical(itemId),
                (id, row) -> {
                    Row next = change.apply(row == null ? Row.NONE : row);
                    return next.empty() ? null : next.withFacts(id);
                });
    }

    /**
     * Every embedding replaced by those of {@code index} (a new index was built: at open, or a
     * model's embeddings were loaded): rows without a vector there lose theirs.
     */
    void replaceEmbeddings(VectorIndex index) {
        for (String itemId : List.copyOf(rows.keySet())) {
            putEmbedding(itemId, null);
        }
        index.forEachVector(this::putEmbedding);
    }

    /** How many items have a row (with a record, a popularity or an embedding). */
    int size() {
        return rows.size();
    }
}
