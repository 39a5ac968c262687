package dev.perch.streamjobs.itemstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The publication grid of each key: the throttle of the item-statistics job's outputs. */
class PublishTimerTest {
    private static final long INTERVAL = 2_000;
    private final PublishTimer timer = new PublishTimer(Duration.ofMillis(INTERVAL));

    @Test
    @DisplayName(
            "a key's next publication is after now and at most one interval away, and every record"
                    + " until then asks for the same time (one timer, at most one publication per"
                    + " interval)")
    void onceWithinAnInterval() {
        for (String key : new String[] {"a", "item-214536502", "", "zz"}) {
            long first = timer.next(key, 1_700_000_000_123L);
            assertThat(first).isGreaterThan(1_700_000_000_123L);
            assertThat(first - 1_700_000_000_123L).isLessThanOrEqualTo(INTERVAL);
            for (long now = first - INTERVAL; now < first; now += 97) {
                assertThat(timer.next(key, now)).as("key %s at %d", key, now).isEqualTo(first);
            }
            // a record at the publication time itself waits for the next one
            assertThat(timer.next(key, first)).isEqualTo(first + INTERVAL);
        }
    }

    @Test
    @DisplayName("keys publish at different times of the interval, not in one burst")
    void keysSpread() {
        Set<Long> times = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            times.add(timer.next("item" + i, 1_700_000_000_000L));
        }
        assertThat(times).hasSizeGreaterThan(90);
    }

    @Test
    @DisplayName("an interval of zero is refused")
    void positiveInterval() {
        assertThatThrownBy(() -> new PublishTimer(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
