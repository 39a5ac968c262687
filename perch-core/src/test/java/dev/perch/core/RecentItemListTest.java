package dev.perch.core;

import static dev.perch.core.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.EventType;
import dev.perch.events.RecentItem;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecentItemListTest {
    private static RecentItem item(String id, EventType type, long second) {
        return new RecentItem(id, type, T0.plusSeconds(second));
    }

    @Test
    @DisplayName("an older event of an item already listed with a newer one changes nothing")
    void olderEntryOfListedItemIsIgnored() {
        List<RecentItem> list = List.of(item("a", EventType.VIEW, 10));

        assertThat(RecentItemList.add(list, item("a", EventType.PURCHASE, 5), 3))
                .containsExactly(item("a", EventType.VIEW, 10));
    }

    @Test
    @DisplayName("a late event lands at its place by event time, and the oldest falls off")
    void lateEventIsInsertedInOrder() {
        List<RecentItem> list =
                List.of(item("c", EventType.VIEW, 30), item("a", EventType.VIEW, 10));

        assertThat(RecentItemList.add(list, item("b", EventType.CLICK, 20), 2))
                .extracting(RecentItem::getItemId)
                .containsExactly("c", "b");
        assertThat(RecentItemList.add(list, item("z", EventType.CLICK, 1), 2))
                .extracting(RecentItem::getItemId)
                .containsExactly("c", "a");
    }

    @Test
    @DisplayName("events at the same instant are ordered by item id, so any arrival order agrees")
    void tiesAreOrderedByItemId() {
        List<RecentItem> one =
                RecentItemList.add(
                        List.of(item("b", EventType.VIEW, 1)), item("a", EventType.VIEW, 1), 5);
        List<RecentItem> other =
                RecentItemList.add(
                        List.of(item("a", EventType.VIEW, 1)), item("b", EventType.VIEW, 1), 5);

        assertThat(one)
                .isEqualTo(other)
                .extracting(RecentItem::getItemId)
                .containsExactly("a", "b");
    }

    @Test
    @DisplayName("the list given is never modified")
    void inputIsNotModified() {
        List<RecentItem> list = new java.util.ArrayList<>(List.of(item("a", EventType.VIEW, 1)));

        RecentItemList.add(list, item("b", EventType.VIEW, 2), 1);

        assertThat(list).containsExactly(item("a", EventType.VIEW, 1));
    }
}
