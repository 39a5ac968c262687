package dev.perch.featurestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.Item;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text embeddings beside the behavioural ones, and the catalog's words for search. */
class TextStoreTest {
    @TempDir Path dir;

    @Test
    @DisplayName(
            "a text embedding is stored with its text hash, searchable at once, survives a reopen,"
                    + " and goes with the item's tombstone")
    void textEmbeddings() {
        Item shoe = item("shoe", "Trail running shoes", "Shoes", "red", true);
        long hash = ItemText.hash(ItemText.of(shoe), "enc-v1");
        try (FeatureStore store = FeatureStore.open(dir)) {
            store.write(new StoreBatch().putItem(shoe).putText("shoe", hash, new float[] {1, 0}));
            store.write(
                    new StoreBatch()
                            .putItem(item("pan", "Cast iron pan", "Kitchen", "black", true))
                            .putText("pan", 7, new float[] {0, 1}));
            assertThat(store.textHash("shoe")).hasValue(hash);
            assertThat(store.textEmbedding("shoe")).get().isEqualTo(new float[] {1, 0});
            // ranking's facts carry it, one object per item until the item changes
            assertThat(store.itemFacts("shoe").orElseThrow().textEmbedding())
                    .isEqualTo(new float[] {1, 0});
            assertThat(store.itemFacts("pan").orElseThrow())
                    .isSameAs(store.itemFacts("pan").orElseThrow());
            assertThat(store.nearestText(new float[] {0.9f, 0.1f}, 1, SearchFilter.onlyAvailable()))
                    .extracting(ItemScore::itemId)
                    .containsExactly("shoe");
        }
        try (FeatureStore store = FeatureStore.open(dir)) {
            assertThat(store.textIndex().size()).isEqualTo(2);
            assertThat(store.itemFacts("pan").orElseThrow().textEmbedding())
                    .isEqualTo(new float[] {0, 1});
            assertThat(store.catalogText().search("running", 5))
                    .extracting(ItemScore::itemId)
                    .containsExactly("shoe");
            store.write(new StoreBatch().deleteItem("shoe"));
            assertThat(store.textEmbedding("shoe")).isEmpty();
            assertThat(store.itemFacts("shoe")).isEmpty();
            assertThat(store.textHash("shoe")).isEmpty();
            assertThat(store.catalogText().search("running", 5)).isEmpty();
            // the record comes back without its text: ranking's facts have none either
            store.write(new StoreBatch().putItem(shoe));
            assertThat(store.itemFacts("shoe").orElseThrow().textEmbedding()).isNull();
        }
    }

    @Test
    @DisplayName(
            "lexical search stems words, skips unavailable items, never parses query syntax, and"
                    + " the vocabulary follows item updates")
    void lexicalAndVocabulary() {
        try (FeatureStore store = FeatureStore.open(dir)) {
            store.write(
                    new StoreBatch()
                            .putItem(item("a", "Running shoe", "Shoes", "red", true))
                            .putItem(item("b", "Runner's jacket", "Jackets", "blue", false))
                            .putItem(item("c", "Walking boots", "Shoes", "brown", true)));
            assertThat(store.catalogText().search("shoes for runs", 5))
                    .extracting(ItemScore::itemId)
                    .containsExactly("a", "c");
            assertThat(store.catalogText().search("title:(\"unbalanced AND OR", 5)).isEmpty();
            assertThat(store.catalogText().vocabulary(CatalogTextIndex.Facet.COLOUR))
                    .containsExactlyInAnyOrder("red", "blue", "brown");
            store.write(
                    new StoreBatch().putItem(item("c", "Walking boots", "Shoes", "green", true)));
            assertThat(store.catalogText().vocabulary(CatalogTextIndex.Facet.COLOUR))
                    .containsExactlyInAnyOrder("red", "blue", "green");
            assertThat(store.catalogText().vocabulary(CatalogTextIndex.Facet.CATEGORY))
                    .contains("shoes", "jackets");
        }
    }

    @Test
    @DisplayName("the text of an item names title, category, brand, description and attributes")
    void itemText() {
        Item item =
                Item.newBuilder()
                        .setItemId("x")
                        .setTitle("Trail shoe")
                        .setCategoryPath(List.of("Shoes", "Running"))
                        .setBrand("Stride")
                        .setAttributes(Map.of("description", "Grippy.", "colour", "red"))
                        .build();
        assertThat(ItemText.of(item))
                .isEqualTo("Trail shoe. Shoes > Running. Stride. Grippy.. colour: red");
        assertThat(ItemText.hash("a", "v1")).isNotEqualTo(ItemText.hash("a", "v2"));
    }

    @Test
    @DisplayName("a store written before the text column family existed opens, and gains it")
    void storeBeforeText() throws Exception {
        Path old = dir.resolve("old");
        var descriptors = new java.util.ArrayList<org.rocksdb.ColumnFamilyDescriptor>();
        descriptors.add(
                new org.rocksdb.ColumnFamilyDescriptor(org.rocksdb.RocksDB.DEFAULT_COLUMN_FAMILY));
        for (String name : StoreFormat.FAMILIES_BEFORE_TEXT) {
            descriptors.add(new org.rocksdb.ColumnFamilyDescriptor(StoreFormat.utf8(name)));
        }
        var handles = new java.util.ArrayList<org.rocksdb.ColumnFamilyHandle>();
        java.nio.file.Files.createDirectories(old);
        try (org.rocksdb.DBOptions options =
                        new org.rocksdb.DBOptions()
                                .setCreateIfMissing(true)
                                .setCreateMissingColumnFamilies(true);
                org.rocksdb.RocksDB db =
                        org.rocksdb.RocksDB.open(options, old.toString(), descriptors, handles)) {
            var meta = handles.get(StoreFormat.FAMILIES_BEFORE_TEXT.indexOf(StoreFormat.META) + 1);
            db.put(meta, StoreFormat.MARKER_KEY, StoreFormat.utf8(StoreFormat.MARKER));
            db.put(
                    meta,
                    StoreFormat.VERSION_KEY,
                    StoreFormat.utf8(Integer.toString(StoreFormat.VERSION)));
            handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
        }
        try (FeatureStore store = FeatureStore.open(old)) {
            store.write(
                    new StoreBatch()
                            .putItem(item("a", "Running shoe", "Shoes", "red", true))
                            .putText("a", 1, new float[] {1, 0}));
            assertThat(store.textEmbedding("a")).isPresent();
        }
        try (FeatureStore store = FeatureStore.open(old)) {
            assertThat(store.textEmbedding("a")).isPresent();
        }
    }

    private static Item item(
            String id, String title, String category, String colour, boolean available) {
        return Item.newBuilder()
                .setItemId(id)
                .setTitle(title)
                .setCategoryPath(List.of(category))
                .setAttributes(Map.of("colour", colour))
                .setAvailable(available)
                .build();
    }
}
