package dev.perch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.ClickEventRules;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ShopperSimulation")
class ShopperSimulationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final List<Item> CATALOG = DemoCatalog.items(Instant.EPOCH);

    private static List<ClickEvent> run(long seed, int count) {
        ShopperSimulation simulation = new ShopperSimulation(CATALOG, 50, seed);
        List<ClickEvent> events = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            events.add(simulation.next(NOW.plusMillis(n)));
        }
        return events;
    }

    @Test
    @DisplayName("The same seed gives the same events, another seed other events")
    void deterministic() {
        assertThat(run(7, 500)).isEqualTo(run(7, 500));
        assertThat(run(8, 500)).isNotEqualTo(run(7, 500));
    }

    @Test
    @DisplayName("Every event is valid, with a unique id, on a catalog item")
    void valid() {
        List<ClickEvent> events = run(1, 5000);
        Set<String> itemIds = CATALOG.stream().map(Item::getItemId).collect(Collectors.toSet());

        assertThat(events).allSatisfy(e -> assertThat(ClickEventRules.validate(e)).isEmpty());
        assertThat(events).extracting(ClickEvent::getEventId).doesNotHaveDuplicates();
        assertThat(events).extracting(ClickEvent::getItemId).allMatch(itemIds::contains);
    }

    @Test
    @DisplayName(
            "Sessions mix views, clicks, add-to-cart and purchases; purchases follow a cart add")
    void realisticSessions() {
        List<ClickEvent> events = run(2, 5000);
        Map<EventType, Long> byType =
                events.stream()
                        .collect(Collectors.groupingBy(ClickEvent::getType, Collectors.counting()));

        assertThat(byType.get(EventType.VIEW)).isGreaterThan(byType.get(EventType.CLICK));
        assertThat(byType.get(EventType.CLICK)).isGreaterThan(byType.get(EventType.ADD_TO_CART));
        assertThat(byType.get(EventType.ADD_TO_CART)).isGreaterThan(byType.get(EventType.PURCHASE));
        assertThat(byType.get(EventType.PURCHASE)).isPositive();
        Set<String> carted = new HashSet<>();
        for (ClickEvent e : events) {
            String key = e.getSessionId() + "/" + e.getItemId();
            if (e.getType() == EventType.ADD_TO_CART) {
                carted.add(key);
            } else if (e.getType() == EventType.PURCHASE) {
                assertThat(carted).as("bought without a cart add").contains(key);
                assertThat(e.getValue()).isPositive();
            }
        }
    }

    @Test
    @DisplayName("Each shopper's events concentrate on the two categories of their hidden taste")
    void hiddenTastesShow() {
        ShopperSimulation simulation = new ShopperSimulation(CATALOG, 20, 3);
        Map<String, Item> items =
                CATALOG.stream().collect(Collectors.toMap(Item::getItemId, Function.identity()));
        Map<String, List<String>> categoriesByUser = new java.util.HashMap<>();
        for (int n = 0; n < 20_000; n++) {
            ClickEvent e = simulation.next(NOW);
            categoriesByUser
                    .computeIfAbsent(e.getUserId(), u -> new ArrayList<>())
                    .add(items.get(e.getItemId()).getCategoryPath().get(0));
        }

        assertThat(simulation.shoppers())
                .allSatisfy(
                        shopper -> {
                            List<String> seen = categoriesByUser.get(shopper.userId());
                            long inTaste =
                                    seen.stream().filter(shopper.favourites()::contains).count();
                            assertThat((double) inTaste / seen.size())
                                    .as(shopper.userId())
                                    .isGreaterThan(0.7);
                        });
    }

    @Test
    @DisplayName(
            "A restarted live simulator (fresh ids) repeats the shoppers' behaviour but never an"
                    + " event id of the earlier run")
    void freshIdsNeverRepeatAcrossRestarts() {
        List<ClickEvent> first = new ArrayList<>();
        List<ClickEvent> second = new ArrayList<>();
        ShopperSimulation before = new ShopperSimulation(CATALOG, 50, 42).withFreshIds();
        ShopperSimulation after = new ShopperSimulation(CATALOG, 50, 42).withFreshIds();
        for (int n = 0; n < 2000; n++) {
            first.add(before.next(NOW));
            second.add(after.next(NOW));
        }

        Set<String> ids = new HashSet<>();
        first.forEach(e -> ids.add(e.getEventId()));
        assertThat(second).extracting(ClickEvent::getEventId).noneMatch(ids::contains);
        assertThat(second)
                .extracting(ClickEvent::getUserId)
                .containsExactlyElementsOf(first.stream().map(ClickEvent::getUserId).toList());
        assertThat(second).allSatisfy(e -> assertThat(ClickEventRules.validate(e)).isEmpty());
    }
}
