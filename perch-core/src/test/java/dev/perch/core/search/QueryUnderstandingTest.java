package dev.perch.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.Item;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QueryUnderstandingTest {
    private static final Map<Vocabulary.Facet, Set<String>> WORDS =
            Map.of(
                    Vocabulary.Facet.CATEGORY,
                            Set.of("shoes", "running", "running shoes", "kitchen"),
                    Vocabulary.Facet.BRAND, Set.of("stride", "hearth"),
                    Vocabulary.Facet.COLOUR, Set.of("red", "blue"),
                    Vocabulary.Facet.SIZE, Set.of("42", "xl"));
    private final QueryUnderstanding understanding =
            new QueryUnderstanding(facet -> WORDS.getOrDefault(facet, Set.of()));

    @Test
    @DisplayName("'red running shoes under 50' is colour red, category running shoes, at most 50")
    void redRunningShoes() {
        UnderstoodQuery q = understanding.understand("Red running shoes under 50");
        assertThat(q.colour()).isEqualTo("red");
        assertThat(q.category()).isEqualTo("running shoes");
        assertThat(q.maxPrice()).isEqualTo(50.0);
        assertThat(q.minPrice()).isNull();
        assertThat(q.text()).isEqualTo("red running shoes");
        assertThat(q.filters())
                .containsEntry("colour", "red")
                .containsEntry("category", "running shoes")
                .containsEntry("maxPrice", 50.0);
    }

    @Test
    @DisplayName("price ranges, lower bounds and currency signs are understood")
    void prices() {
        UnderstoodQuery between = understanding.understand("stride shoes between 20 and 80");
        assertThat(between.minPrice()).isEqualTo(20.0);
        assertThat(between.maxPrice()).isEqualTo(80.0);
        assertThat(between.brand()).isEqualTo("stride");
        UnderstoodQuery range = understanding.understand("kitchen 10-30");
        assertThat(range.minPrice()).isEqualTo(10.0);
        assertThat(range.maxPrice()).isEqualTo(30.0);
        UnderstoodQuery over = understanding.understand("blue shoes over $99.50");
        assertThat(over.minPrice()).isEqualTo(99.5);
        assertThat(over.text()).isEqualTo("blue shoes");
    }

    @Test
    @DisplayName("words the catalog does not use never become filters; a plural finds its singular")
    void onlyCatalogWords() {
        UnderstoodQuery q = understanding.understand("green running shoe size xl");
        assertThat(q.colour()).isNull();
        assertThat(q.size()).isEqualTo("xl");
        assertThat(q.category()).isEqualTo("running shoes");
        UnderstoodQuery none = understanding.understand("something nice");
        assertThat(none.hasFilters()).isFalse();
        assertThat(none.text()).isEqualTo("something nice");
    }

    @Test
    @DisplayName("the filters admit only items that match every one of them")
    void admits() {
        UnderstoodQuery q = understanding.understand("red running shoes under 50");
        assertThat(q.admits(item("Running", "red", 45.0))).isTrue();
        assertThat(q.admits(item("Running", "blue", 45.0))).isFalse();
        assertThat(q.admits(item("Running", "red", 55.0))).isFalse();
        assertThat(q.admits(item("Running", "red", null))).isFalse();
        assertThat(understanding.understand("red shoes").admits(item("Running", "red", null)))
                .isTrue();
    }

    @Test
    @DisplayName("empty, too long and control-character queries are refused with the reason")
    void check() {
        assertThat(QueryCheck.problem(null)).contains("empty");
        assertThat(QueryCheck.problem("  ")).contains("empty");
        assertThat(QueryCheck.problem("x".repeat(201))).contains("at most 200");
        assertThat(QueryCheck.problem("shoes\u0000")).contains("control");
        assertThat(QueryCheck.problem("red running shoes under 50")).isNull();
    }

    @Test
    @DisplayName("reciprocal rank fusion favours items ranked high in several lists")
    void fusion() {
        List<ReciprocalRankFusion.Fused> fused =
                ReciprocalRankFusion.fuse(
                        List.of(List.of("a", "b", "c"), List.of("b", "d")), new double[] {1, 1});
        assertThat(fused).extracting(ReciprocalRankFusion.Fused::itemId).startsWith("b", "a");
        assertThat(fused.get(0).score())
                .isEqualTo(1.0 / 62 + 1.0 / 61, org.assertj.core.api.Assertions.within(1e-12));
    }

    private static Item item(String sub, String colour, Double price) {
        return Item.newBuilder()
                .setItemId("i")
                .setTitle("t")
                .setCategoryPath(List.of("Shoes", sub, "Running Shoes"))
                .setAttributes(Map.of("colour", colour))
                .setPrice(price)
                .build();
    }
}
