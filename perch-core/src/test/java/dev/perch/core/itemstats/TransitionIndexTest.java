package dev.perch.core.itemstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perch.core.recommend.ScoredId;
import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransitionIndexTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final TransitionSettings SETTINGS =
            new TransitionSettings(Duration.ofMinutes(30), 10, Duration.ofDays(365), 3);

    private static ClickEvent click(String user, EventType type, String item, int second) {
        return ClickEvent.newBuilder()
                .setEventId(user + item + second)
                .setUserId(user)
                .setType(type)
                .setItemId(item)
                .setEventTime(T0.plusSeconds(second))
                .setReceivedTime(T0.plusSeconds(second))
                .build();
    }

    @Test
    @DisplayName(
            "on generated sequences, followers are what sequential rules count: b after a, never a"
                    + " after b")
    void followersAreDirectional() {
        TransitionIndex index = new TransitionIndex(SETTINGS);
        for (int u = 0; u < 20; u++) {
            index.add(click("u" + u, EventType.VIEW, "a", u * 100));
            index.add(click("u" + u, EventType.VIEW, "b", u * 100 + 1));
            index.add(click("u" + u, EventType.CLICK, "c", u * 100 + 2));
        }

        List<ScoredId> afterA = index.followers("a", 10);
        assertThat(afterA).extracting(ScoredId::itemId).containsExactly("b", "c");
        assertThat(afterA.get(0).score()).isCloseTo(20.0, within(1e-3));
        assertThat(afterA.get(1).score()).isCloseTo(10.0, within(1e-3));
        assertThat(index.followers("c", 10)).isEmpty();
        assertThat(index.followers("b", 10)).extracting(ScoredId::itemId).containsExactly("c");
    }

    @Test
    @DisplayName("searches and removals from the cart form no transition; users do not mix")
    void onlyVisitsCountPerUser() {
        TransitionIndex index = new TransitionIndex(SETTINGS);
        index.add(click("u1", EventType.VIEW, "a", 0));
        index.add(click("u1", EventType.REMOVE_FROM_CART, "x", 1));
        index.add(click("u2", EventType.VIEW, "y", 2));
        index.add(click("u1", EventType.PURCHASE, "b", 3));

        assertThat(index.followers("a", 10)).extracting(ScoredId::itemId).containsExactly("b");
        assertThat(index.followers("x", 10)).isEmpty();
        assertThat(index.followers("y", 10)).isEmpty();
    }

    @Test
    @DisplayName("an item keeps at most maxFollowers followers")
    void bounded() {
        TransitionIndex index = new TransitionIndex(SETTINGS);
        for (int u = 0; u < 50; u++) {
            index.add(click("u" + u, EventType.VIEW, "hub", u * 100));
            index.add(click("u" + u, EventType.VIEW, "n" + u, u * 100 + 1));
        }

        assertThat(index.followers("hub", 100)).hasSize(3);
    }
}
