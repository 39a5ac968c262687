package dev.perch.featurestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.featurestore.VectorIndex.Execution;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The HNSW graph behind {@link VectorIndex}: recall against the exact scan (the reference), kept
 * current through upserts, meta changes, removals and clears, and never used where it would be
 * wrong (small catalogs, very selective filters, before it is built).
 */
class ApproximateTopKTest {
    private static final int DIM = 24;
    private static final Duration BUILD = Duration.ofMinutes(2);
    private static final HnswSettings SETTINGS = HnswSettings.DEFAULT.withFromItems(2_000);
    private static ForkJoinPool pool;

    @BeforeAll
    static void startPool() {
        pool = new ForkJoinPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdown();
    }

    /** Items i = 0..count-1 with TestVectors' catalog facts, inserted one by one. */
    private static VectorIndex index(int count, long seed, HnswSettings settings) {
        VectorIndex index = new VectorIndex(pool, settings);
        for (ItemVector v : TestVectors.vectors(seed, count, DIM)) {
            int i = Integer.parseInt(v.itemId().substring(5));
            index.upsert(v.itemId(), v.vector(), ItemMeta.of(TestVectors.item(i, null)));
        }
        return index;
    }

    private static VectorIndex readyIndex(int count, long seed) throws InterruptedException {
        VectorIndex index = index(count, seed, SETTINGS);
        assertThat(index.awaitApproximate(BUILD)).as("graph built").isTrue();
        return index;
    }

    private static double recall(List<ItemScore> approximate, List<ItemScore> exact) {
        Set<String> truth = new HashSet<>();
        exact.forEach(s -> truth.add(s.itemId()));
        long hits = approximate.stream().filter(s -> truth.contains(s.itemId())).count();
        return exact.isEmpty() ? 1.0 : (double) hits / exact.size();
    }

    @Test
    @DisplayName("recall@10 of the graph is at least 0.95 against the exact scan, for every filter")
    void recallAgainstExactScan() throws InterruptedException {
        VectorIndex index = readyIndex(10_000, 42);
        Random random = new Random(3);
        List<SearchFilter> filters =
                List.of(
                        SearchFilter.NONE,
                        SearchFilter.onlyAvailable(),
                        SearchFilter.onlyAvailable().inCategory(List.of("Bags")),
                        SearchFilter.NONE.excluding(Set.of(TestVectors.id(1), TestVectors.id(2))));
        for (SearchFilter filter : filters) {
            double sum = 0;
            int queries = 50;
            for (int q = 0; q < queries; q++) {
                float[] query = TestVectors.random(random, DIM);
                List<ItemScore> exact = index.topK(query, 10, filter, Execution.SINGLE_THREAD);
                List<ItemScore> approximate = index.topK(query, 10, filter, Execution.APPROXIMATE);
                assertThat(approximate).hasSize(10);
                assertThat(approximate)
                        .as("sorted best first")
                        .isSortedAccordingTo(TopKHeap.BEST_FIRST);
                sum += recall(approximate, exact);
            }
            assertThat(sum / queries).as("mean recall@10 with %s", filter).isGreaterThan(0.95);
        }
    }

    @Test
    @DisplayName("results pass the filter and carry exact inner-product scores")
    void resultsPassTheFilterWithExactScores() throws InterruptedException {
        VectorIndex index = readyIndex(5_000, 8);
        float[] query = TestVectors.random(new Random(1), DIM);

        List<ItemScore> found =
                index.topK(
                        query,
                        50,
                        SearchFilter.onlyAvailable().inCategory(List.of("Shirts")),
                        Execution.APPROXIMATE);

        assertThat(found).hasSize(50);
        for (ItemScore s : found) {
            int i = Integer.parseInt(s.itemId().substring(5));
            assertThat(i % 3).as("Shirts are i %% 3 == 1, all available").isEqualTo(1);
            float[] v = index.vector(s.itemId()).orElseThrow();
            assertThat(s.score()).isEqualTo(VectorIndex.dot(query, v, 0, DIM));
        }
    }

    @Test
    @DisplayName("upserts, availability changes and removals reach the graph at once")
    void writesReachTheGraph() throws InterruptedException {
        VectorIndex index = readyIndex(5_000, 11);
        float[] query = TestVectors.random(new Random(9), DIM);
        float[] winner = query.clone();
        for (int i = 0; i < winner.length; i++) {
            winner[i] *= 100;
        }
        String id = TestVectors.id(4);

        index.upsert(id, winner, new ItemMeta(true, List.of("Bags")));
        assertThat(top1(index, query, SearchFilter.onlyAvailable())).isEqualTo(id);

        index.updateMeta(id, new ItemMeta(false, List.of("Bags")));
        assertThat(top1(index, query, SearchFilter.onlyAvailable())).isNotEqualTo(id);
        assertThat(top1(index, query, SearchFilter.NONE)).isEqualTo(id);

        index.remove(id);
        assertThat(index.topK(query, 100, SearchFilter.NONE, Execution.APPROXIMATE))
                .extracting(ItemScore::itemId)
                .doesNotContain(id);

        index.upsert("brand-new", winner, new ItemMeta(true, List.of()));
        assertThat(top1(index, query, SearchFilter.onlyAvailable())).isEqualTo("brand-new");
        assertThat(index.approximateReady()).isTrue();
    }

    private static String top1(VectorIndex index, float[] query, SearchFilter filter) {
        return index.topK(query, 1, filter, Execution.APPROXIMATE).get(0).itemId();
    }

    @Test
    @DisplayName(
            "replacing every vector retires the old graph nodes and rebuilds a graph that finds the"
                    + " new ones")
    void replacingEveryVectorRebuildsTheGraph() throws InterruptedException {
        VectorIndex index = readyIndex(3_000, 5);
        for (ItemVector v : TestVectors.vectors(99, 3_000, DIM)) {
            index.upsert(v.itemId(), v.vector(), new ItemMeta(true, List.of()));
        }

        assertThat(index.awaitApproximate(BUILD)).isTrue();
        Random random = new Random(4);
        double sum = 0;
        for (int q = 0; q < 30; q++) {
            float[] query = TestVectors.random(random, DIM);
            sum +=
                    recall(
                            index.topK(query, 10, SearchFilter.NONE, Execution.APPROXIMATE),
                            index.topK(query, 10, SearchFilter.NONE, Execution.SINGLE_THREAD));
        }
        assertThat(sum / 30).isGreaterThan(0.95);
        assertThat(index.approximateBytes())
                .as("the rebuilt graph holds the live vectors only")
                .isLessThan(2L * 3_000 * (DIM * Float.BYTES + 400));
    }

    @Test
    @DisplayName("a filter that few items pass falls back to the exact scan and stays exact")
    void selectiveFilterFallsBackToExact() throws InterruptedException {
        VectorIndex index = readyIndex(5_000, 6);
        Set<String> allowed = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            allowed.add(TestVectors.id(i));
        }
        // everything excluded but twelve items: the graph walk cannot fill k = 10 cheaply
        for (int i = 0; i < 12; i++) {
            allowed.remove(TestVectors.id(i * 300 + 1));
        }
        SearchFilter filter = SearchFilter.NONE.excluding(allowed);
        float[] query = TestVectors.random(new Random(2), DIM);

        assertThat(index.topK(query, 10, filter, Execution.APPROXIMATE))
                .isEqualTo(index.topK(query, 10, filter, Execution.SINGLE_THREAD))
                .hasSize(10);
    }

    @Test
    @DisplayName("below the size threshold no graph is built and AUTO stays exact")
    void smallCatalogsStayExact() throws InterruptedException {
        VectorIndex index = index(1_500, 7, SETTINGS);
        assertThat(index.awaitApproximate(Duration.ofSeconds(5))).isFalse();
        float[] query = TestVectors.random(new Random(1), DIM);

        assertThat(index.topK(query, 10, SearchFilter.NONE))
                .isEqualTo(index.topK(query, 10, SearchFilter.NONE, Execution.SINGLE_THREAD));
    }

    @Test
    @DisplayName("clear drops the graph; the next catalog gets a new one")
    void clearDropsTheGraph() throws InterruptedException {
        VectorIndex index = readyIndex(3_000, 12);
        index.clear();
        assertThat(index.approximateReady()).isFalse();
        assertThat(index.approximateBytes()).isZero();

        for (ItemVector v : TestVectors.vectors(13, 2_500, DIM)) {
            index.upsert(v.itemId(), v.vector(), new ItemMeta(true, List.of()));
        }
        assertThat(index.awaitApproximate(BUILD)).isTrue();
        float[] query = TestVectors.random(new Random(6), DIM);
        assertThat(index.topK(query, 1, SearchFilter.NONE, Execution.APPROXIMATE))
                .isEqualTo(index.topK(query, 1, SearchFilter.NONE, Execution.SINGLE_THREAD));
    }
}
