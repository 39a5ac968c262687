package dev.perch.featurestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.featurestore.VectorIndex.Execution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VectorIndexTest {
    private static final int DIM = 24;
    private static ForkJoinPool pool;

    @BeforeAll
    static void startPool() {
        pool = new ForkJoinPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdown();
    }

    /** The reference: score every item, filter, sort by (score desc, id asc), cut at k. */
    private static List<ItemScore> bruteForce(
            Map<String, float[]> vectors,
            Map<String, ItemMeta> metas,
            float[] q,
            int k,
            SearchFilter filter) {
        List<ItemScore> all = new ArrayList<>();
        vectors.forEach(
                (id, v) -> {
                    ItemMeta m = metas.get(id);
                    boolean ok =
                            (!filter.availableOnly() || m.available())
                                    && filter.categoryMatches(m.categoryPath())
                                    && !filter.excluded().contains(id);
                    if (ok) {
                        // same float arithmetic as the index, so near-ties order the same way;
                        // dotProductIsAccurate checks that arithmetic against double precision
                        all.add(new ItemScore(id, VectorIndex.dot(q, v, 0, q.length)));
                    }
                });
        all.sort(
                Comparator.comparing(ItemScore::score, Comparator.reverseOrder())
                        .thenComparing(ItemScore::itemId));
        return all.subList(0, Math.min(k, all.size()));
    }

    private record Catalog(
            VectorIndex index, Map<String, float[]> vectors, Map<String, ItemMeta> metas) {}

    private static Catalog catalog(int count, long seed) {
        VectorIndex index = new VectorIndex(pool);
        Map<String, float[]> vectors = new TreeMap<>();
        Map<String, ItemMeta> metas = new TreeMap<>();
        for (ItemVector v : TestVectors.vectors(seed, count, DIM)) {
            int i = Integer.parseInt(v.itemId().substring(5));
            ItemMeta meta = ItemMeta.of(TestVectors.item(i, null));
            index.upsert(v.itemId(), v.vector(), meta);
            vectors.put(v.itemId(), v.vector());
            metas.put(v.itemId(), meta);
        }
        return new Catalog(index, vectors, metas);
    }

    /** Same ids, same order; scores equal up to float rounding of a different summation order. */
    private static void assertSameResults(List<ItemScore> actual, List<ItemScore> expected) {
        assertThat(actual)
                .extracting(ItemScore::itemId)
                .containsExactlyElementsOf(expected.stream().map(ItemScore::itemId).toList());
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).score())
                    .isCloseTo(expected.get(i).score(), org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Execution.class, names = "APPROXIMATE", mode = EnumSource.Mode.EXCLUDE)
    @DisplayName("top-K agrees with a brute-force reference, with and without filters")
    void topKMatchesBruteForce(Execution execution) {
        Catalog c = catalog(3_000, 42);
        Random random = new Random(7);
        List<SearchFilter> filters =
                List.of(
                        SearchFilter.NONE,
                        SearchFilter.onlyAvailable(),
                        SearchFilter.NONE.inCategory(List.of("Shoes")),
                        SearchFilter.onlyAvailable().inCategory(List.of("Bags", "Odd")),
                        SearchFilter.NONE.excluding(Set.of(TestVectors.id(1), TestVectors.id(2))));
        for (int query = 0; query < 10; query++) {
            float[] q = TestVectors.random(random, DIM);
            for (SearchFilter filter : filters) {
                for (int k : new int[] {1, 10, 100}) {
                    List<ItemScore> expected = bruteForce(c.vectors(), c.metas(), q, k, filter);
                    assertSameResults(c.index().topK(q, k, filter, execution), expected);
                }
            }
        }
    }

    @Test
    @DisplayName(
            "a batch of queries gets exactly the lists of one query at a time, blocks short or"
                    + " full")
    void topKAllEqualsTopKOfEachQuery() {
        Catalog c = catalog(3_000, 42);
        Random random = new Random(11);
        List<SearchFilter> filters =
                List.of(
                        SearchFilter.NONE,
                        SearchFilter.onlyAvailable(),
                        SearchFilter.onlyAvailable().inCategory(List.of("Bags", "Odd")),
                        SearchFilter.NONE.excluding(Set.of(TestVectors.id(1), TestVectors.id(2))));
        for (int count : new int[] {0, 1, 3, 4, 5, 9}) {
            List<float[]> queries = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                queries.add(TestVectors.random(random, DIM));
            }
            if (count > 2) {
                queries.set(2, queries.get(0)); // the same query twice in one block
            }
            for (SearchFilter filter : filters) {
                for (int k : new int[] {0, 1, 10, 5_000}) {
                    List<List<ItemScore>> all = c.index().topKAll(queries, k, filter);
                    assertThat(all).hasSize(count);
                    // the same lists when an engine computes the products (here: the same dots)
                    assertThat(c.index().topKAll(queries, k, filter, new JavaProducts()))
                            .as("with InnerProducts, k %d, %s", k, filter)
                            .isEqualTo(all);
                    for (int i = 0; i < count; i++) {
                        // equal, scores bit for bit: the same float sums in the same order
                        assertThat(all.get(i))
                                .as("query %d of %d, k %d, %s", i, count, k, filter)
                                .isEqualTo(
                                        c.index()
                                                .topK(
                                                        queries.get(i),
                                                        k,
                                                        filter,
                                                        Execution.SINGLE_THREAD));
                    }
                }
            }
        }
        assertThatThrownBy(
                        () -> c.index().topKAll(List.of(new float[DIM + 1]), 3, SearchFilter.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName(
            "with an engine's products, the sampled floor never changes a list: ties at the floor,"
                    + " a filter that leaves fewer rows above it than asked (the second scan), and"
                    + " the plain case all give the one-query scan's lists")
    void sampledFloorKeepsTheExactLists() {
        Catalog c = catalog(3_000, 7);
        // the same vector under many ids: hundreds of rows share each score, ties by id decide
        VectorIndex ties = new VectorIndex(pool);
        Random random = new Random(5);
        float[][] few = new float[4][];
        for (int v = 0; v < few.length; v++) {
            few[v] = TestVectors.random(random, DIM);
        }
        for (int i = 0; i < 3_000; i++) {
            ties.upsert(
                    TestVectors.id(i), few[i % few.length], ItemMeta.of(TestVectors.item(i, null)));
        }
        List<float[]> queries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queries.add(TestVectors.random(random, DIM));
        }
        // the best rows of the first query unavailable: the floor pass cannot fill its heap
        Set<String> bestOfFirst = new java.util.HashSet<>();
        for (ItemScore s : c.index().topK(queries.get(0), 600, SearchFilter.NONE)) {
            bestOfFirst.add(s.itemId());
        }
        List<SearchFilter> filters =
                List.of(
                        SearchFilter.NONE,
                        SearchFilter.onlyAvailable(),
                        SearchFilter.NONE.excluding(bestOfFirst),
                        SearchFilter.onlyAvailable().inCategory(List.of("Bags", "Odd")));
        for (VectorIndex index : List.of(c.index(), ties)) {
            for (SearchFilter filter : filters) {
                for (int k : new int[] {50, 100, 200}) {
                    List<List<ItemScore>> all =
                            index.topKAll(queries, k, filter, new JavaProducts());
                    for (int i = 0; i < queries.size(); i++) {
                        assertThat(all.get(i))
                                .as("query %d, k %d, %s", i, k, filter)
                                .isEqualTo(
                                        index.topK(
                                                queries.get(i),
                                                k,
                                                filter,
                                                Execution.SINGLE_THREAD));
                    }
                }
            }
        }
    }

    /** Inner products by {@link VectorIndex#dot}, recording the versions it was asked with. */
    static final class JavaProducts implements InnerProducts {
        final List<Long> versions = new ArrayList<>();

        @Override
        public float[] products(
                float[] queries, int count, float[] matrix, int rows, int dimension, long version) {
            versions.add(version);
            float[] out = new float[count * rows];
            for (int q = 0; q < count; q++) {
                float[] query = Arrays.copyOfRange(queries, q * dimension, (q + 1) * dimension);
                for (int r = 0; r < rows; r++) {
                    out[q * rows + r] = VectorIndex.dot(query, matrix, r * dimension, dimension);
                }
            }
            return out;
        }
    }

    @Test
    @DisplayName(
            "the engine is asked with one matrix version while the vectors stand still and a new"
                    + " one after every upsert, removal or clear, and the lists follow the writes")
    void innerProductsSeeEveryWriteAsANewVersion() {
        VectorIndex index = new VectorIndex();
        ItemMeta inStock = new ItemMeta(true, List.of("Bags"));
        index.upsert("a", new float[] {1, 0}, inStock);
        index.upsert("b", new float[] {0, 1}, inStock);
        JavaProducts products = new JavaProducts();
        List<float[]> query = List.of(new float[] {1, 0.5f});

        List<ItemScore> first = index.topKAll(query, 1, SearchFilter.NONE, products).get(0);
        index.topKAll(query, 1, SearchFilter.NONE, products);
        assertThat(first).extracting(ItemScore::itemId).containsExactly("a");
        assertThat(products.versions).hasSize(2).containsOnly(products.versions.get(0));

        index.upsert("b", new float[] {0, 4}, inStock);
        assertThat(index.topKAll(query, 1, SearchFilter.NONE, products).get(0))
                .extracting(ItemScore::itemId)
                .containsExactly("b");
        index.updateMeta("b", new ItemMeta(false, List.of("Bags")));
        assertThat(index.topKAll(query, 1, SearchFilter.onlyAvailable(), products).get(0))
                .extracting(ItemScore::itemId)
                .containsExactly("a");
        index.remove("a");
        assertThat(index.topKAll(query, 2, SearchFilter.NONE, products).get(0))
                .extracting(ItemScore::itemId)
                .containsExactly("b");
        // versions: one per state of the vectors (the meta update kept its version)
        assertThat(products.versions.subList(2, 5))
                .doesNotContain(products.versions.get(0))
                .containsExactly(
                        products.versions.get(2),
                        products.versions.get(2),
                        products.versions.get(4));
        assertThat(products.versions.get(4)).isNotEqualTo(products.versions.get(2));

        // another index never shares a version with this one
        VectorIndex other = new VectorIndex();
        other.upsert("a", new float[] {1, 0}, ItemMeta.UNKNOWN);
        other.topKAll(query, 1, SearchFilter.NONE, products);
        assertThat(products.versions.subList(0, 5)).doesNotContain(products.versions.get(5));
        index.clear();
        assertThat(index.topKAll(query, 1, SearchFilter.NONE, products).get(0)).isEmpty();
    }

    @Test
    @DisplayName("excluded items never appear, even when they are the best match")
    void exclusionsRemoveTheBestMatch() {
        Catalog c = catalog(500, 1);
        float[] q = c.vectors().get(TestVectors.id(10));
        String best = c.index().topK(q, 1, SearchFilter.NONE).get(0).itemId();

        List<ItemScore> result = c.index().topK(q, 10, SearchFilter.NONE.excluding(Set.of(best)));

        assertThat(result).hasSize(10).extracting(ItemScore::itemId).doesNotContain(best);
        assertSameResults(
                result,
                bruteForce(
                        c.vectors(), c.metas(), q, 10, SearchFilter.NONE.excluding(Set.of(best))));
    }

    @ParameterizedTest
    @EnumSource(value = Execution.class, names = "APPROXIMATE", mode = EnumSource.Mode.EXCLUDE)
    @DisplayName("equal scores are ordered by item id, whatever the insertion order")
    void tiesAreBrokenByItemId(Execution execution) {
        VectorIndex index = new VectorIndex(pool);
        float[] same = {1f, 0f, 0f};
        for (String id : List.of("d", "b", "e", "a", "c")) {
            index.upsert(id, same, new ItemMeta(true, List.of()));
        }
        index.upsert("z", new float[] {2f, 0f, 0f}, new ItemMeta(true, List.of()));

        assertThat(index.topK(new float[] {1f, 0f, 0f}, 4, SearchFilter.NONE, execution))
                .extracting(ItemScore::itemId)
                .containsExactly("z", "a", "b", "c");
    }

    @ParameterizedTest
    @EnumSource(value = Execution.class, names = "APPROXIMATE", mode = EnumSource.Mode.EXCLUDE)
    @DisplayName("k larger than the catalog returns every item that passes, best first")
    void kLargerThanCatalog(Execution execution) {
        Catalog c = catalog(50, 3);
        float[] q = TestVectors.random(new Random(5), DIM);

        assertThat(c.index().topK(q, 1_000, SearchFilter.NONE, execution)).hasSize(50);
        List<ItemScore> available =
                c.index().topK(q, 1_000, SearchFilter.onlyAvailable(), execution);
        assertSameResults(
                available,
                bruteForce(c.vectors(), c.metas(), q, 1_000, SearchFilter.onlyAvailable()));
        assertThat(available)
                .hasSize((int) c.metas().values().stream().filter(ItemMeta::available).count());
    }

    @Test
    @DisplayName("upserts, meta updates and removals are reflected in the next query")
    void updatesAreReflected() {
        Catalog c = catalog(200, 11);
        VectorIndex index = c.index();
        float[] q = TestVectors.random(new Random(9), DIM);
        float[] winner = q.clone();
        for (int i = 0; i < winner.length; i++) {
            winner[i] *= 100;
        }

        index.upsert(TestVectors.id(5), winner, new ItemMeta(true, List.of("Shoes")));
        assertThat(index.topK(q, 1, SearchFilter.NONE).get(0).itemId())
                .isEqualTo(TestVectors.id(5));

        index.updateMeta(TestVectors.id(5), new ItemMeta(false, List.of("Shoes")));
        assertThat(index.topK(q, 1, SearchFilter.onlyAvailable()).get(0).itemId())
                .isNotEqualTo(TestVectors.id(5));

        index.remove(TestVectors.id(5));
        index.remove(TestVectors.id(0));
        c.vectors().remove(TestVectors.id(5));
        c.vectors().remove(TestVectors.id(0));
        assertThat(index.size()).isEqualTo(198);
        assertThat(index.vector(TestVectors.id(5))).isEmpty();
        assertSameResults(
                index.topK(q, 20, SearchFilter.NONE, Execution.PARALLEL),
                bruteForce(c.vectors(), c.metas(), q, 20, SearchFilter.NONE));
        assertThat(index.itemIds()).containsExactlyElementsOf(c.vectors().keySet());
    }

    @Test
    @DisplayName(
            "an item's vector is found from its first upsert and not after the index emptied, by"
                    + " removals or a clear")
    void vectorsOfAnEmptiedIndex() {
        VectorIndex index = new VectorIndex();
        ItemMeta meta = new ItemMeta(true, List.of("Bags"));
        assertThat(index.vector("a")).isEmpty();
        index.upsert("a", new float[] {1, 2}, meta);
        index.upsert("b", new float[] {3, 4}, meta);
        assertThat(index.vector("a")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2));
        index.remove("a");
        assertThat(index.vector("b")).hasValueSatisfying(v -> assertThat(v).containsExactly(3, 4));
        index.remove("b");
        assertThat(index.vector("b")).isEmpty();
        index.upsert("c", new float[] {5, 6}, meta);
        assertThat(index.vector("c")).hasValueSatisfying(v -> assertThat(v).containsExactly(5, 6));
        index.clear();
        assertThat(index.vector("c")).isEmpty();
        index.upsert("c", new float[] {7, 8, 9}, meta);
        assertThat(index.vector("c"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(7, 8, 9));
    }

    @Test
    @DisplayName("a vector of the wrong dimension or with NaN is refused")
    void badVectorsAreRefused() {
        VectorIndex index = new VectorIndex(pool);
        index.upsert("a", new float[] {1f, 2f}, ItemMeta.UNKNOWN);

        assertThatThrownBy(() -> index.upsert("b", new float[] {1f, 2f, 3f}, ItemMeta.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3-dimensional");
        assertThatThrownBy(() -> index.upsert("c", new float[] {Float.NaN, 1f}, ItemMeta.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.topK(new float[] {1f}, 3, SearchFilter.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(index.topK(new float[] {1f, 1f}, 0, SearchFilter.NONE)).isEmpty();
    }
}
