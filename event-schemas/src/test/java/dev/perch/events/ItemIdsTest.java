package dev.perch.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One object per item id across the process's long-lived structures. */
class ItemIdsTest {
    @Test
    @DisplayName("equal ids from different sources become one object; null stays null")
    void equalIdsBecomeOneObject() {
        String decoded = new String("item-42"); // as a decoder makes it: a new object
        String other = new String("item-42");

        assertThat(decoded).isNotSameAs(other);
        assertThat(ItemIds.canonical(decoded)).isSameAs(ItemIds.canonical(other)).isEqualTo(other);
        assertThat(ItemIds.canonical(null)).isNull();
    }

    @Test
    @DisplayName("a decoded list's ids are replaced in place by the canonical objects")
    void canonicalizesAListInPlace() {
        List<ScoredItem> items = new ArrayList<>();
        items.add(new ScoredItem(new String("a-1"), 2.0));
        items.add(new ScoredItem(new String("b-2"), 1.0));

        assertThat(ItemIds.canonicalize(items)).isSameAs(items);
        assertThat(items.get(0).getItemId()).isSameAs("a-1"); // a literal is the canonical object
        assertThat(items.get(1).getItemId()).isSameAs("b-2");
        assertThat(items.get(0).getScore()).isEqualTo(2.0);
    }
}
