package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.recommend.ItemFacts;
import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
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
            "inside one batch an item and its neighbours are read once: the batch keeps what it"
                    + " read first, the next batch (and every read outside a batch) sees the"
                    + " store's change")
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

        assertThat(seen).containsExactly(true, "a", true, "a", true);
        assertThat(sources.item("i1").map(ItemFacts::available)).contains(false);
        assertThat(sources.neighbors("i1", 5).get(0).itemId()).isEqualTo("b");
        assertThat(sources.inOneBatch(() -> sources.item("i1").get().available())).isFalse();
    }

    @Test
    @DisplayName(
            "an item that is not in the store is remembered as absent for the batch, not as an"
                    + " error")
    void givenUnknownItem_whenReadInABatch_thenEmpty() {
        assertThat(sources.inOneBatch(() -> sources.item("nope"))).isEmpty();
        assertThat(sources.inOneBatch(() -> sources.neighbors("nope", 3))).isEmpty();
    }
}
