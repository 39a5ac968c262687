package dev.perch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.Item;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("DemoCatalog")
class DemoCatalogTest {

    private final List<Item> items = DemoCatalog.items(Instant.EPOCH);

    @Test
    @DisplayName("300 items with unique ids, in 8 top-level categories of similar size")
    void shape() {
        assertThat(items).hasSize(DemoCatalog.SIZE);
        assertThat(items).extracting(Item::getItemId).doesNotHaveDuplicates();
        assertThat(items.get(0).getItemId()).isEqualTo("demo-001");
        Map<String, Long> perCategory =
                items.stream()
                        .collect(
                                Collectors.groupingBy(
                                        i -> i.getCategoryPath().get(0), Collectors.counting()));
        assertThat(perCategory.keySet())
                .containsExactlyInAnyOrderElementsOf(DemoCatalog.categories());
        assertThat(perCategory.values()).allSatisfy(n -> assertThat(n).isBetween(37L, 38L));
    }

    @Test
    @DisplayName(
            "Every item has a title, brand, two-level category and a positive price; most are"
                    + " available")
    void fields() {
        assertThat(items)
                .allSatisfy(
                        i -> {
                            assertThat(i.getTitle()).isNotBlank();
                            assertThat(i.getTitle()).startsWith(i.getBrand());
                            assertThat(i.getCategoryPath()).hasSize(2);
                            assertThat(i.getPrice()).isPositive();
                            assertThat(BigDecimal.valueOf(i.getPrice()).scale())
                                    .as("a price in cents")
                                    .isLessThanOrEqualTo(2);
                        });
        long available = items.stream().filter(Item::getAvailable).count();
        assertThat(available).isBetween(260L, 299L);
    }

    @Test
    @DisplayName("The catalog is the same on every call")
    void deterministic() {
        assertThat(DemoCatalog.items(Instant.EPOCH)).isEqualTo(items);
    }
}
