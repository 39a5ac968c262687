package dev.perch.events;

import static org.assertj.core.api.Assertions.assertThat;

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
}
