package dev.perch.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UserEventRateTest {
    private static final long MINUTE = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

    @Test
    @DisplayName("a user's events up to the limit in one minute of event time pass, the next fails")
    void limitPerMinute() {
        UserEventRate rate = new UserEventRate(3);
        UserEventRate.Window w = null;
        for (int i = 0; i < 3; i++) {
            w = rate.admit(w, MINUTE + i * 1_000L);
            assertThat(w).isNotNull();
        }
        assertThat(w).isEqualTo(new UserEventRate.Window(MINUTE, 3));
        assertThat(rate.admit(w, MINUTE + 59_999)).as("the minute is full").isNull();
    }

    @Test
    @DisplayName(
            "an event of a later minute opens a new window; one of an earlier minute counts in the"
                    + " current window, as the job has always counted it")
    void laterMinuteOpensEarlierCounts() {
        UserEventRate rate = new UserEventRate(2);
        UserEventRate.Window full = rate.admit(rate.admit(null, MINUTE + 1_000), MINUTE + 2_000);
        UserEventRate.Window next = rate.admit(full, MINUTE + 60_000);
        assertThat(next).isEqualTo(new UserEventRate.Window(MINUTE + 60_000, 1));
        UserEventRate.Window late = rate.admit(next, MINUTE + 5_000);
        assertThat(late).isEqualTo(new UserEventRate.Window(MINUTE + 60_000, 2));
        assertThat(rate.admit(late, MINUTE + 6_000)).isNull();
    }

    @Test
    @DisplayName("Retry-After is the time to the next minute, at least one second")
    void retryAfter() {
        UserEventRate rate = UserEventRate.DEFAULT;
        UserEventRate.Window full = new UserEventRate.Window(MINUTE, 600);
        assertThat(rate.retryAfterSeconds(full, MINUTE + 20_000)).isEqualTo(40);
        assertThat(rate.retryAfterSeconds(full, MINUTE + 59_999)).isEqualTo(1);
        assertThat(rate.retryAfterSeconds(full, MINUTE + 600_000)).isEqualTo(1);
        assertThat(UserEventRate.DEFAULT.maxPerMinute()).isEqualTo(600);
    }
}
