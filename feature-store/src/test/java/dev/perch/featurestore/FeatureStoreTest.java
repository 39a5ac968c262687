package dev.perch.featurestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.core.recommend.ItemFacts;
import dev.perch.events.Item;
import dev.perch.events.ItemIds;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import dev.perch.events.Topics;
import dev.perch.events.TrendingItems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class FeatureStoreTest {
    private static final int DIM = 16;

    @TempDir Path tmp;

    private static StoreBatch catalogBatch(List<ItemVector> vectors) {
        StoreBatch batch = new StoreBatch();
        for (int i = 0; i < vectors.size(); i++) {
            batch.putItem(TestVectors.item(i, vectors.get(i).vector()));
        }
        return batch;
    }

    private static ItemNeighbors neighbors(String itemId) {
        return ItemNeighbors.newBuilder()
                .setItemId(itemId)
                .setNeighbors(
                        List.of(
                                new ScoredItem("item-00002", 3.0),
                                new ScoredItem("item-00003", 1.5)))
                .setVersion(7)
                .setUpdatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    private static TrendingItems trending(String scope) {
        return TrendingItems.newBuilder()
                .setScope(scope)
                .setItems(List.of(new ScoredItem("item-00004", 12.0)))
                .setWindowStart(Instant.ofEpochMilli(1_700_000_000_000L))
                .setWindowEnd(Instant.ofEpochMilli(1_700_000_600_000L))
                .build();
    }

    @Test
    @DisplayName("everything written survives a restart, and the rebuilt index equals the old one")
    void survivesRestart() {
        Path dir = tmp.resolve("store");
        List<ItemVector> vectors = TestVectors.vectors(1, 300, DIM);
        float[] q = TestVectors.random(new Random(2), DIM);
        List<ItemScore> before;
        VectorIndex old;
        try (FeatureStore store = FeatureStore.open(dir)) {
            store.write(
                    catalogBatch(vectors)
                            .putNeighbors(neighbors("item-00001"))
                            .putTrending(trending("*"))
                            .offset(Topics.ITEMS, 0, 301)
                            .offset(Topics.ITEMS, 1, 17));
            store.write(
                    new StoreBatch()
                            .deleteItem("item-00007")
                            .putEmbedding("orphan", vectors.get(3).vector()));
            before = store.nearest(q, 10, SearchFilter.onlyAvailable());
            old = store.index();
        }

        try (FeatureStore store = FeatureStore.open(dir)) {
            assertThat(store.item("item-00001")).contains(TestVectors.item(1, null));
            assertThat(store.item("item-00007")).isEmpty();
            assertThat(store.embedding("item-00002"))
                    .hasValueSatisfying(
                            v -> assertThat(v).containsExactly(vectors.get(2).vector()));
            assertThat(store.neighbors("item-00001")).contains(neighbors("item-00001"));
            assertThat(store.trending("*")).contains(trending("*"));
            assertThat(store.offset(Topics.ITEMS, 0)).hasValue(301);
            assertThat(store.offset(Topics.ITEMS, 1)).hasValue(17);
            assertThat(store.offset(Topics.ITEMS, 2)).isEmpty();

            VectorIndex rebuilt = store.index();
            assertThat(rebuilt.itemIds())
                    .isEqualTo(old.itemIds())
                    .hasSize(300)
                    .doesNotContain("item-00007");
            for (String id : old.itemIds()) {
                assertThat(rebuilt.vector(id).orElseThrow())
                        .containsExactly(old.vector(id).orElseThrow());
                assertThat(rebuilt.meta(id)).isEqualTo(old.meta(id));
            }
            assertThat(rebuilt.meta("orphan")).contains(ItemMeta.UNKNOWN);
            assertThat(store.nearest(q, 10, SearchFilter.onlyAvailable())).isEqualTo(before);
        }
    }

    @Test
    @DisplayName(
            "the item ids the store hands out (neighbours, followers, trending, nearest) are the"
                    + " canonical objects, so the look-ups by them stop at the identity check")
    void handsOutCanonicalIds() {
        List<ItemVector> vectors = TestVectors.vectors(1, 20, DIM);
        // each id's canonical object made before the write, so it is not the one written
        Map<String, String> canonical = new HashMap<>();
        for (ItemVector v : vectors) {
            canonical.put(v.itemId(), ItemIds.canonical(new String(v.itemId())));
        }
        try (FeatureStore store = FeatureStore.open(tmp.resolve("store"))) {
            store.write(
                    catalogBatch(vectors)
                            .putNeighbors(
                                    ItemNeighbors.newBuilder(neighbors("item-00001"))
                                            .setFollowers(
                                                    List.of(
                                                            new ScoredItem("item-00005", 2.0),
                                                            // no catalog record: the string table's
                                                            new ScoredItem("item-99999", 1.0)))
                                            .build())
                            .putTrending(trending("*")));
            // string literals are canonical (interned); a decoded record's ids are new strings
            ItemNeighbors read = store.neighbors("item-00001").orElseThrow();
            assertThat(read.getNeighbors().get(0).getItemId()).isSameAs("item-00002");
            assertThat(read.getNeighbors().get(1).getItemId()).isSameAs("item-00003");
            assertThat(read.getFollowers().get(0).getItemId()).isSameAs("item-00005");
            assertThat(read.getFollowers().get(1).getItemId()).isSameAs("item-99999");
            assertThat(store.trending("*").orElseThrow().getItems().get(0).getItemId())
                    .isSameAs("item-00004");
            for (ItemScore found :
                    store.nearest(vectors.get(3).vector(), 20, SearchFilter.onlyAvailable())) {
                assertThat(found.itemId()).isSameAs(canonical.get(found.itemId()));
            }
            assertThat(store.nearest(vectors.get(3).vector(), 20, SearchFilter.onlyAvailable()))
                    .isNotEmpty();
        }
    }

    @Test
    @DisplayName(
            "a neighbour or trending list written becomes the cached read of its key (the written"
                    + " record itself, its ids canonical: no RocksDB read and no decode of what the"
                    + " writer had just decoded); the last write of a key stays, a delete drops it,"
                    + " and RocksDB has the same")
    void writtenListsAreTheCachedReads() {
        List<ItemVector> vectors = TestVectors.vectors(3, 10, DIM);
        try (FeatureStore store = FeatureStore.open(tmp.resolve("write-through"))) {
            store.write(catalogBatch(vectors));
            ItemNeighbors first = neighbors("item-00001");
            TrendingItems list = trending("*");
            // read once before: the caches hold what RocksDB had (nothing)
            assertThat(store.neighbors("item-00001")).isEmpty();
            store.write(new StoreBatch().putNeighbors(first).putTrending(list));

            assertThat(store.neighbors("item-00001")).containsSame(first);
            assertThat(store.trending("*")).containsSame(list);
            String canonical = store.itemFacts("item-00002").orElseThrow().itemId();
            assertThat(first.getNeighbors().get(0).getItemId()).isSameAs(canonical);

            ItemNeighbors second =
                    ItemNeighbors.newBuilder(neighbors("item-00001")).setVersion(9).build();
            ItemNeighbors third =
                    ItemNeighbors.newBuilder(neighbors("item-00001")).setVersion(10).build();
            // two writes of one key in a batch: the last one stays
            store.write(new StoreBatch().putNeighbors(second).putNeighbors(third));
            assertThat(store.neighbors("item-00001")).containsSame(third);

            store.write(new StoreBatch().deleteTrending("*"));
            assertThat(store.trending("*")).isEmpty();
        }
        // what was written is also what RocksDB has: a reopened store reads it back
        try (FeatureStore store = FeatureStore.open(tmp.resolve("write-through"))) {
            assertThat(store.neighbors("item-00001").orElseThrow().getVersion()).isEqualTo(10);
            assertThat(store.trending("*")).isEmpty();
        }
    }

    @Test
    @DisplayName("a missing directory is created as a new, empty store")
    void missingDirectoryIsCreated() {
        Path dir = tmp.resolve("a/b/store");
        try (FeatureStore store = FeatureStore.open(dir)) {
            assertThat(store.index().size()).isZero();
            assertThat(store.embeddingVersion()).isEmpty();
            assertThat(store.item("nope")).isEmpty();
            assertThat(store.nearest(new float[] {1f}, 5, SearchFilter.NONE)).isEmpty();
        }
        assertThat(dir.resolve("CURRENT")).isRegularFile();
    }

    @Test
    @DisplayName("a plain RocksDB database without the Perch marker is refused")
    void foreignRocksDbIsRefused() throws Exception {
        Path dir = tmp.resolve("foreign");
        try (Options options = new Options().setCreateIfMissing(true);
                RocksDB db = RocksDB.open(options, dir.toString())) {
            db.put("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        }

        assertThatThrownBy(() -> FeatureStore.open(dir))
                .isInstanceOf(FeatureStoreException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("not a Perch feature store")
                .hasMessageContaining("[default]");
    }

    @Test
    @DisplayName("a store of another format version is refused, naming both versions")
    void otherFormatVersionIsRefused() throws Exception {
        Path dir = tmp.resolve("v2");
        FeatureStore.open(dir).close();
        rewriteMeta(dir, StoreFormat.VERSION_KEY, "2");

        assertThatThrownBy(() -> FeatureStore.open(dir))
                .isInstanceOf(FeatureStoreException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("format version 2, this build reads version 1");

        rewriteMeta(dir, StoreFormat.MARKER_KEY, "someone-else");
        assertThatThrownBy(() -> FeatureStore.open(dir))
                .isInstanceOf(FeatureStoreException.class)
                .hasMessageContaining("no Perch format marker");
    }

    /** Overwrites one meta key with plain RocksDB, as another program or version would. */
    private static void rewriteMeta(Path dir, byte[] key, String value) throws Exception {
        var descriptors = new java.util.ArrayList<org.rocksdb.ColumnFamilyDescriptor>();
        descriptors.add(new org.rocksdb.ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (String name : StoreFormat.FAMILIES) {
            descriptors.add(new org.rocksdb.ColumnFamilyDescriptor(StoreFormat.utf8(name)));
        }
        var handles = new java.util.ArrayList<org.rocksdb.ColumnFamilyHandle>();
        try (org.rocksdb.DBOptions options = new org.rocksdb.DBOptions();
                RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            db.put(
                    handles.get(StoreFormat.FAMILIES.indexOf(StoreFormat.META) + 1),
                    key,
                    StoreFormat.utf8(value));
            handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
        }
    }

    @Test
    @DisplayName("a directory of other files is refused and left untouched")
    void garbageDirectoryIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("garbage"));
        Files.writeString(dir.resolve("notes.txt"), "not a database");

        assertThatThrownBy(() -> FeatureStore.open(dir))
                .isInstanceOf(FeatureStoreException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("no CURRENT file");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("notes.txt"));
        }
    }

    @Test
    @DisplayName("a store whose RocksDB files are overwritten with garbage is refused as corrupt")
    void corruptStoreIsRefused() throws IOException {
        Path dir = tmp.resolve("corrupt");
        try (FeatureStore store = FeatureStore.open(dir)) {
            store.write(catalogBatch(TestVectors.vectors(3, 10, DIM)));
        }
        byte[] garbage = new byte[4096];
        new Random(13).nextBytes(garbage);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.getFileName().toString().startsWith("MANIFEST")).toList()) {
                Files.write(f, garbage);
            }
        }

        assertThatThrownBy(() -> FeatureStore.open(dir))
                .isInstanceOf(FeatureStoreException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("corrupt");
    }

    @Test
    @DisplayName(
            "the store holds one embedding space: its first versioned embedding names it, a model"
                    + " artifact replaces it, and embeddings of another version are refused")
    void oneEmbeddingSpace() {
        List<ItemVector> vectors = TestVectors.vectors(4, 3, DIM);
        try (FeatureStore store = FeatureStore.open(tmp.resolve("s"))) {
            assertThat(store.acceptsEmbeddingOf("m1")).isTrue();
            store.write(
                    new StoreBatch()
                            .putItem(
                                    Item.newBuilder(TestVectors.item(0, vectors.get(0).vector()))
                                            .setEmbeddingVersion("m1")
                                            .build()));
            assertThat(store.embeddingVersion()).contains("m1");
            assertThat(store.acceptsEmbeddingOf("m1")).isTrue();
            assertThat(store.acceptsEmbeddingOf("m2")).isFalse();
            assertThat(store.acceptsEmbeddingOf(null)).isFalse();

            store.loadEmbeddings("m2", vectors.iterator());
            assertThat(store.embeddingVersion()).contains("m2");
            assertThat(store.acceptsEmbeddingOf("m1")).isFalse();
            assertThat(store.acceptsEmbeddingOf("m2")).isTrue();
        }
    }

    @Test
    @DisplayName("upserts and tombstones are reflected in look-ups and in the index at once")
    void upsertsAndDeletesReachTheIndex() {
        List<ItemVector> vectors = TestVectors.vectors(4, 100, DIM);
        try (FeatureStore store = FeatureStore.open(tmp.resolve("s"))) {
            store.write(catalogBatch(vectors));
            float[] q = vectors.get(10).vector();
            assertThat(store.nearest(q, 1, SearchFilter.NONE).get(0).itemId())
                    .isEqualTo("item-00010");
            assertThat(store.item("item-00010").orElseThrow().getEmbedding()).isNull();

            // item 10 becomes unavailable: the available-only query no longer returns it
            Item unavailable =
                    Item.newBuilder(TestVectors.item(10, null)).setAvailable(false).build();
            store.write(new StoreBatch().putItem(unavailable));
            assertThat(store.nearest(q, 5, SearchFilter.onlyAvailable()))
                    .extracting(ItemScore::itemId)
                    .doesNotContain("item-00010");
            assertThat(store.index().vector("item-00010")).isPresent();

            // a new vector for item 20 equal to q now ties item 10; ids order the tie
            store.write(new StoreBatch().putEmbedding("item-00020", q));
            assertThat(store.nearest(q, 2, SearchFilter.NONE))
                    .extracting(ItemScore::itemId)
                    .containsExactly("item-00010", "item-00020");

            store.write(
                    new StoreBatch()
                            .deleteItem("item-00010")
                            .deleteEmbedding("item-00020")
                            .deleteNeighbors("item-00001")
                            .deleteTrending("*"));
            assertThat(store.item("item-00010")).isEmpty();
            assertThat(store.embedding("item-00010")).isEmpty();
            assertThat(store.embedding("item-00020")).isEmpty();
            assertThat(store.item("item-00020")).isPresent();
            assertThat(store.index().size()).isEqualTo(98);
            assertThat(store.nearest(q, 100, SearchFilter.NONE))
                    .extracting(ItemScore::itemId)
                    .doesNotContain("item-00010", "item-00020");
            assertThat(store.nearest(q, 5, SearchFilter.NONE.excluding(Set.of("item-00011"))))
                    .extracting(ItemScore::itemId)
                    .doesNotContain("item-00011");
        }
    }

    @Test
    @DisplayName(
            "reads served from memory never outlive a write: each look-up, read once before,"
                    + " returns the new record (or none) after a put, a delete or a bulk load")
    void cachedReadsFollowWrites() throws IOException {
        List<ItemVector> vectors = TestVectors.vectors(9, 20, DIM);
        try (FeatureStore store = FeatureStore.open(tmp.resolve("cache"))) {
            store.write(
                    catalogBatch(vectors)
                            .putNeighbors(neighbors("item-00001"))
                            .putTrending(trending("*")));
            // absent keys are remembered as absent: they must appear once written
            assertThat(store.neighbors("item-00002")).isEmpty();
            assertThat(store.embedding("new")).isEmpty();
            boolean available = store.item("item-00003").orElseThrow().getAvailable();
            assertThat(store.neighbors("item-00001").orElseThrow().getVersion()).isEqualTo(7);
            assertThat(store.trending("*").orElseThrow().getItems()).hasSize(1);
            assertThat(store.embedding("item-00004")).isPresent();

            ItemNeighbors newer =
                    ItemNeighbors.newBuilder(neighbors("item-00001")).setVersion(8).build();
            store.write(
                    new StoreBatch()
                            .putItem(
                                    Item.newBuilder(TestVectors.item(3, null))
                                            .setAvailable(!available)
                                            .build())
                            .putNeighbors(newer)
                            .putNeighbors(neighbors("item-00002"))
                            .putTrending(
                                    TrendingItems.newBuilder(trending("*"))
                                            .setItems(List.of())
                                            .build())
                            .putEmbedding("new", vectors.get(0).vector())
                            .deleteEmbedding("item-00004"));
            assertThat(store.item("item-00003").orElseThrow().getAvailable()).isEqualTo(!available);
            assertThat(store.neighbors("item-00001").orElseThrow().getVersion()).isEqualTo(8);
            assertThat(store.neighbors("item-00002")).isPresent();
            assertThat(store.trending("*").orElseThrow().getItems()).isEmpty();
            assertThat(store.embedding("new")).isPresent();
            assertThat(store.embedding("item-00004")).isEmpty();

            store.write(new StoreBatch().deleteItem("item-00003").deleteNeighbors("item-00001"));
            assertThat(store.item("item-00003")).isEmpty();
            assertThat(store.neighbors("item-00001")).isEmpty();

            assertThat(store.embedding("item-00005")).isPresent();
            List<ItemVector> fresh = TestVectors.vectors(10, 3, DIM);
            store.loadEmbeddings("model-b", fresh.iterator());
            assertThat(store.embedding("item-00005")).isEmpty();
            assertThat(store.embedding("item-00001"))
                    .hasValueSatisfying(v -> assertThat(v).containsExactly(fresh.get(1).vector()));
        }
    }

    @Test
    @DisplayName(
            "catalog facts (availability, top-level category, popularity) follow every write, a"
                    + " popularity counted before its item's record waits for it, and a reopened"
                    + " store has the same facts")
    void catalogFactsFollowWrites() {
        Path dir = tmp.resolve("facts");
        try (FeatureStore store = FeatureStore.open(dir)) {
            Item three = TestVectors.item(3, null);
            store.write(
                    new StoreBatch()
                            .putItem(three)
                            .putNeighbors(withPopularity(neighbors("item-00003"), 12.5))
                            .putNeighbors(withPopularity(neighbors("not-yet"), 4.0)));
            assertThat(store.catalogFacts("item-00003"))
                    .contains(
                            new CatalogFacts(
                                    three.getAvailable(), three.getCategoryPath().get(0), 12.5));
            // counted by the item-statistics job before the catalog names it: no facts yet
            assertThat(store.catalogFacts("not-yet")).isEmpty();
            assertThat(store.catalogFacts("unknown")).isEmpty();
            for (String id : List.of("item-00003", "not-yet", "unknown")) {
                assertItemFactsAgree(store, id);
            }

            Item later =
                    Item.newBuilder(TestVectors.item(4, null))
                            .setItemId("not-yet")
                            .setAvailable(true)
                            .setCategoryPath(List.of())
                            .build();
            store.write(
                    new StoreBatch()
                            .putItem(later)
                            .putItem(
                                    Item.newBuilder(three)
                                            .setAvailable(!three.getAvailable())
                                            .setCategoryPath(List.of("Garden", "Tools"))
                                            .build()));
            assertThat(store.catalogFacts("not-yet")).contains(new CatalogFacts(true, null, 4.0));
            assertThat(store.catalogFacts("item-00003"))
                    .contains(new CatalogFacts(!three.getAvailable(), "Garden", 12.5));

            store.write(new StoreBatch().deleteNeighbors("item-00003").deleteItem("not-yet"));
            assertThat(store.catalogFacts("item-00003"))
                    .contains(new CatalogFacts(!three.getAvailable(), "Garden", 0.0));
            assertThat(store.catalogFacts("not-yet")).isEmpty();
            // the record comes back: the popularity deleted with the record's deletion stays
            store.write(new StoreBatch().putItem(later));
            assertThat(store.catalogFacts("not-yet")).contains(new CatalogFacts(true, null, 4.0));

            store.write(
                    new StoreBatch().putNeighbors(withPopularity(neighbors("item-00003"), 2.0)));
            for (String id : List.of("item-00003", "not-yet", "unknown")) {
                assertItemFactsAgree(store, id);
            }
        }
        try (FeatureStore reopened = FeatureStore.open(dir)) {
            assertThat(reopened.catalogFacts("item-00003"))
                    .contains(
                            new CatalogFacts(
                                    !TestVectors.item(3, null).getAvailable(), "Garden", 2.0));
            assertThat(reopened.catalogFacts("not-yet"))
                    .contains(new CatalogFacts(true, null, 4.0));
            assertThat(reopened.catalogFacts("unknown")).isEmpty();
            for (String id : List.of("item-00003", "not-yet", "unknown")) {
                assertItemFactsAgree(reopened, id);
            }
        }
    }

    @Test
    @DisplayName(
            "an item's facts carry the embedding the index holds for it, through item writes,"
                    + " embedding writes and deletes, a bulk load of another model's vectors and a"
                    + " reopen")
    void catalogFactsCarryTheEmbedding() {
        Path dir = tmp.resolve("facts-embedding");
        float[] first = {1, 0, 0, 0};
        float[] second = {0, 1, 0, 0};
        try (FeatureStore store = FeatureStore.open(dir)) {
            store.write(
                    new StoreBatch()
                            .putItem(TestVectors.item(1, first))
                            .putItem(TestVectors.item(2, null))
                            .putEmbedding("no-record-yet", second));
            assertSameEmbedding(store, "item-00001", first);
            assertSameEmbedding(store, "item-00002", null);
            // an embedding before its record: no facts until the record comes, then it is there
            assertThat(store.catalogFacts("no-record-yet")).isEmpty();
            store.write(
                    new StoreBatch()
                            .putItem(
                                    Item.newBuilder(TestVectors.item(3, null))
                                            .setItemId("no-record-yet")
                                            .build()));
            assertSameEmbedding(store, "no-record-yet", second);

            store.write(new StoreBatch().putEmbedding("item-00002", second));
            store.write(new StoreBatch().deleteEmbedding("item-00001"));
            assertSameEmbedding(store, "item-00002", second);
            assertSameEmbedding(store, "item-00001", null);

            store.write(new StoreBatch().putEmbedding("item-00001", first));
            // another model's vectors replace all: an item without one there has none
            store.loadEmbeddings("m2", List.of(new ItemVector("item-00002", first)).iterator());
            assertSameEmbedding(store, "item-00002", first);
            assertSameEmbedding(store, "item-00001", null);
            assertSameEmbedding(store, "no-record-yet", null);

            store.write(new StoreBatch().putEmbedding("item-00001", second));
            store.write(new StoreBatch().deleteItem("no-record-yet"));
            assertThat(store.catalogFacts("no-record-yet")).isEmpty();
        }
        try (FeatureStore reopened = FeatureStore.open(dir)) {
            assertSameEmbedding(reopened, "item-00001", second);
            assertSameEmbedding(reopened, "item-00002", first);
        }
    }

    /** The facts' embedding is {@code expected} and what {@link FeatureStore#embedding} reads. */
    private static void assertSameEmbedding(FeatureStore store, String itemId, float[] expected) {
        assertThat(store.catalogFacts(itemId)).isPresent();
        assertThat(store.catalogFacts(itemId).get().embedding()).as(itemId).isEqualTo(expected);
        assertThat(store.embedding(itemId).orElse(null)).as(itemId).isEqualTo(expected);
        assertItemFactsAgree(store, itemId);
    }

    /**
     * What ranking reads of the item ({@link FeatureStore#itemFacts}, made when the item changes)
     * is what {@link FeatureStore#catalogFacts} holds now, and there exactly when that is.
     */
    private static void assertItemFactsAgree(FeatureStore store, String itemId) {
        Optional<CatalogFacts> catalog = store.catalogFacts(itemId);
        Optional<ItemFacts> ranked = store.itemFacts(itemId);
        assertThat(ranked.isPresent()).as(itemId).isEqualTo(catalog.isPresent());
        if (catalog.isPresent()) {
            ItemFacts facts = ranked.get();
            assertThat(facts.itemId()).isEqualTo(itemId);
            assertThat(
                            new CatalogFacts(
                                    facts.available(),
                                    facts.category(),
                                    facts.popularity(),
                                    facts.embedding()))
                    .as(itemId)
                    .isEqualTo(catalog.get());
        }
    }

    private static ItemNeighbors withPopularity(ItemNeighbors neighbors, double popularity) {
        return ItemNeighbors.newBuilder(neighbors).setPopularity(popularity).build();
    }

    @Test
    @DisplayName(
            "a model's vectors replace every embedding, record its version, and survive a"
                    + " restart")
    void bulkLoadReplacesEmbeddings() {
        Path dir = tmp.resolve("bulk");
        List<ItemVector> old = TestVectors.vectors(5, 50, 8);
        List<ItemVector> fresh = TestVectors.vectors(6, 2_500, DIM);

        try (FeatureStore store = FeatureStore.open(dir)) {
            store.write(catalogBatch(old));
            long loaded = store.loadEmbeddings("model-2026-11-22", fresh.iterator());

            assertThat(loaded).isEqualTo(2_500);
            assertThat(store.embeddingVersion()).contains("model-2026-11-22");
            assertThat(store.index().size()).isEqualTo(2_500);
            assertThat(store.index().dimension()).isEqualTo(DIM);
            // the catalog is kept: items 0..49 still filter as before
            assertThat(store.index().meta("item-00000"))
                    .contains(ItemMeta.of(TestVectors.item(0, null)));
            assertThat(store.index().meta("item-01000")).contains(ItemMeta.UNKNOWN);
        }
        try (FeatureStore store = FeatureStore.open(dir)) {
            assertThat(store.embeddingVersion()).contains("model-2026-11-22");
            assertThat(store.index().size()).isEqualTo(2_500);
            assertThat(store.embedding("item-02499"))
                    .hasValueSatisfying(
                            v -> assertThat(v).containsExactly(fresh.get(2_499).vector()));
            float[] q = TestVectors.random(new Random(8), DIM);
            ItemVector best =
                    fresh.stream()
                            .max(
                                    Comparator.comparingDouble(
                                            v -> VectorIndex.dot(q, v.vector(), 0, DIM)))
                            .orElseThrow();
            assertThat(store.nearest(q, 1, SearchFilter.NONE).get(0).itemId())
                    .isEqualTo(best.itemId());
        }
    }

    @Test
    @DisplayName("a bulk load that fails half-way leaves no embedding version")
    void failedBulkLoadLeavesNoVersion() {
        try (FeatureStore store = FeatureStore.open(tmp.resolve("half"))) {
            store.loadEmbeddings("v1", TestVectors.vectors(7, 10, DIM).iterator());
            List<ItemVector> mixed =
                    List.of(
                            new ItemVector("a", new float[DIM]),
                            new ItemVector("b", new float[DIM + 1]));

            assertThatThrownBy(() -> store.loadEmbeddings("v2", mixed.iterator()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("item b");
            assertThat(store.embeddingVersion()).isEmpty();
        }
    }

    @Test
    @DisplayName(
            "a batch with an embedding of the wrong dimension is refused whole, nothing written")
    void badEmbeddingRefusesTheWholeBatch() {
        try (FeatureStore store = FeatureStore.open(tmp.resolve("dims"))) {
            store.write(new StoreBatch().putEmbedding("a", new float[DIM]));
            StoreBatch bad =
                    new StoreBatch()
                            .putItem(TestVectors.item(1, null))
                            .putEmbedding("b", new float[DIM + 1])
                            .offset(Topics.ITEMS, 0, 5);

            assertThatThrownBy(() -> store.write(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("item b");
            assertThat(store.item(TestVectors.id(1))).isEmpty();
            assertThat(store.offset(Topics.ITEMS, 0)).isEmpty();
            assertThat(store.index().itemIds()).containsExactly("a");
        }
    }

    @Test
    @DisplayName(
            "close during concurrent cached reads and writes of the same keys finishes, and every"
                    + " reader and writer then stops with IllegalStateException")
    void closeDuringConcurrentUse() throws Exception {
        List<ItemVector> vectors = TestVectors.vectors(12, 8, DIM);
        FeatureStore store = FeatureStore.open(tmp.resolve("concurrent"));
        store.write(catalogBatch(vectors).putNeighbors(neighbors("item-00001")));
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(7); // six users, one close
        // close comes once the six users have together made 2,000 calls, so it meets them busy
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(2_000);
        List<java.util.concurrent.Future<?>> users = new java.util.ArrayList<>();
        for (int t = 0; t < 6; t++) {
            boolean writer = t < 2;
            users.add(
                    pool.submit(
                            () -> {
                                Random random = new Random();
                                try {
                                    while (true) {
                                        busy.countDown();
                                        int i = random.nextInt(vectors.size());
                                        if (writer) {
                                            store.write(
                                                    new StoreBatch()
                                                            .putItem(
                                                                    TestVectors.item(
                                                                            i,
                                                                            vectors.get(i)
                                                                                    .vector()))
                                                            .putNeighbors(neighbors("item-00001")));
                                        } else {
                                            store.item(vectors.get(i).itemId());
                                            store.embedding(vectors.get(i).itemId());
                                            store.neighbors("item-00001");
                                        }
                                    }
                                } catch (IllegalStateException closed) {
                                    return null;
                                }
                            }));
        }
        assertThat(busy.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        java.util.concurrent.Future<?> closing = pool.submit(store::close);
        closing.get(20, java.util.concurrent.TimeUnit.SECONDS);
        for (java.util.concurrent.Future<?> user : users) {
            user.get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdownNow();
    }

    @Test
    @DisplayName("a closed store refuses further use")
    void closedStoreRefusesUse() {
        FeatureStore store = FeatureStore.open(tmp.resolve("closed"));
        store.close();
        store.close();
        assertThatThrownBy(() -> store.item("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.embedding("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.catalogFacts("x")).isInstanceOf(IllegalStateException.class);
    }
}
