package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.recommend.CandidateSources;
import dev.perch.core.recommend.ItemFacts;
import dev.perch.core.recommend.ScoredId;
import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import dev.perch.events.TrendingItems;
import dev.perch.featurestore.FeatureStore;
import dev.perch.featurestore.StoreBatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature store's reads memoised per micro-batch, on a real (RocksDB) feature store. */
class FeatureStoreSourcesTest {
    private static final Instant T = Instant.parse("2026-12-02T03:00:00Z");

    @TempDir Path dir;
    private FeatureStore store;
    private FeatureStoreSources sources;

    @BeforeEach
    void open() {
        store = FeatureStore.open(dir);
        sources = new FeatureStoreSources(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Item item(String id, boolean available) {
        return Item.newBuilder().setItemId(id).setAvailable(available).setUpdatedAt(T).build();
    }

    private static ItemNeighbors neighbors(String id, String... ids) {
        return ItemNeighbors.newBuilder()
                .setItemId(id)
                .setNeighbors(
                        java.util.Arrays.stream(ids).map(n -> new ScoredItem(n, 1.0)).toList())
                .setFollowers(List.of())
                .setVersion(1L)
                .setUpdatedAt(T)
                .build();
    }

    @Test
    @DisplayName(
            "inside one batch an item's neighbours are read once: the batch keeps the list it"
                    + " read first, the next batch (and every read outside a batch) sees the"
                    + " store's change; the item's facts come from memory, current at every read")
    void givenAChangeDuringABatch_whenReadAgain_thenTheBatchKeepsItsFirstRead() {
        store.write(new StoreBatch().putItem(item("i1", true)).putNeighbors(neighbors("i1", "a")));

        List<Object> seen =
                sources.inOneBatch(
                        () -> {
                            boolean before = sources.item("i1").map(ItemFacts::available).get();
                            String neighbourBefore = sources.neighbors("i1", 5).get(0).itemId();
                            store.write(
                                    new StoreBatch()
                                            .putItem(item("i1", false))
                                            .putNeighbors(neighbors("i1", "b")));
                            boolean after = sources.item("i1").map(ItemFacts::available).get();
                            String neighbourAfter = sources.neighbors("i1", 5).get(0).itemId();
                            // a nested batch is the same batch
                            boolean nested =
                                    sources.inOneBatch(
                                            () ->
                                                    sources.item("i1")
                                                            .map(ItemFacts::available)
                                                            .get());
                            return List.of(before, neighbourBefore, after, neighbourAfter, nested);
                        });

        assertThat(seen).containsExactly(true, "a", false, "a", false);
        assertThat(sources.item("i1").map(ItemFacts::available)).contains(false);
        assertThat(sources.neighbors("i1", 5).get(0).itemId()).isEqualTo("b");
        assertThat(sources.inOneBatch(() -> sources.item("i1").get().available())).isFalse();
    }

    @Test
    @DisplayName(
            "a batch's nearest-item queries, answered in one pass, get each query's own list of"
                    + " available items; a vector of another length gets none")
    void nearestAllAnswersEachQueryAsAlone() {
        java.util.Random random = new java.util.Random(5);
        List<dev.perch.featurestore.ItemVector> vectors = new java.util.ArrayList<>();
        StoreBatch catalog = new StoreBatch();
        for (int i = 0; i < 200; i++) {
            float[] v = {(float) random.nextGaussian(), (float) random.nextGaussian(), 1f};
            vectors.add(new dev.perch.featurestore.ItemVector("i" + i, v));
            catalog.putItem(item("i" + i, i % 4 != 0));
        }
        store.write(catalog);
        store.loadEmbeddings("v1", vectors.iterator());
        List<float[]> queries = new java.util.ArrayList<>();
        for (int q = 0; q < 6; q++) {
            queries.add(
                    q == 3
                            ? new float[] {1f, 1f}
                            : new float[] {
                                (float) random.nextGaussian(), (float) random.nextGaussian(), 0.5f
                            });
        }

        List<List<ScoredId>> all = sources.nearestAll(queries, 7);

        assertThat(all).hasSize(6);
        for (int q = 0; q < 6; q++) {
            assertThat(all.get(q)).isEqualTo(sources.nearest(queries.get(q), 7));
        }
        assertThat(all.get(3)).isEmpty();
        assertThat(all.get(0))
                .hasSize(7)
                .allMatch(s -> Integer.parseInt(s.itemId().substring(1)) % 4 != 0);
    }

    @Test
    @DisplayName(
            "an item that is not in the store is remembered as absent for the batch, not as an"
                    + " error")
    void givenUnknownItem_whenReadInABatch_thenEmpty() {
        assertThat(sources.inOneBatch(() -> sources.item("nope"))).isEmpty();
        assertThat(sources.inOneBatch(() -> sources.neighbors("nope", 3))).isEmpty();
    }

    @Test
    @DisplayName(
            "an item's popularity is the all-time count of its neighbours record, and the popular"
                    + " source is the all-time list: the evaluator's meanings, not the trending"
                    + " window's")
    void popularityIsTheAllTimeCount() {
        store.write(
                new StoreBatch()
                        .putItem(item("i1", true))
                        .putItem(item("i2", true))
                        .putNeighbors(withPopularity(neighbors("i1", "i2"), 7.0))
                        .putTrending(list(CandidateSources.GLOBAL, "i2", "i1"))
                        .putTrending(list(CandidateSources.ALL_TIME, "i1", "i2")));

        assertThat(sources.item("i1").map(ItemFacts::popularity)).contains(7.0);
        assertThat(sources.item("i2").map(ItemFacts::popularity))
                .as("no neighbours record yet: never counted")
                .contains(0.0);
        assertThat(sources.popular(5)).extracting(ScoredId::itemId).containsExactly("i1", "i2");
    }

    @Test
    @DisplayName(
            "before any all-time list exists (item-statistics jobs of an earlier version), the"
                    + " popular source falls back to the global trending list")
    void popularFallsBackToGlobalTrending() {
        store.write(new StoreBatch().putTrending(list(CandidateSources.GLOBAL, "i2", "i1")));

        assertThat(sources.popular(5)).extracting(ScoredId::itemId).containsExactly("i2", "i1");
    }

    private static ItemNeighbors withPopularity(ItemNeighbors record, double popularity) {
        return ItemNeighbors.newBuilder(record).setPopularity(popularity).build();
    }

    private static TrendingItems list(String scope, String... ids) {
        List<ScoredItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            items.add(new ScoredItem(ids[i], (double) (ids.length - i)));
        }
        return TrendingItems.newBuilder()
                .setScope(scope)
                .setItems(items)
                .setWindowStart(Instant.EPOCH)
                .setWindowEnd(T)
                .build();
    }
}
