package dev.perch.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SendScheduleTest {

    @Test
    @DisplayName("event k is intended k/rate seconds after the start, whatever the producer did")
    void intendedTimesFollowTheRate() {
        SendSchedule schedule = new SendSchedule(5_000, 10);
        assertThat(schedule.intendedNanos(0)).isZero();
        assertThat(schedule.intendedNanos(1)).isEqualTo(200_000);
        assertThat(schedule.intendedNanos(5_000)).isEqualTo(1_000_000_000);
    }

    @Test
    @DisplayName("a producer that wakes late sends every event due by then, none before its time")
    void dueByCountsEverythingIntendedUpToNow() {
        SendSchedule schedule = new SendSchedule(1_000, 100);
        assertThat(schedule.dueBy(-1)).isZero();
        assertThat(schedule.dueBy(0)).isEqualTo(1); // event 0 at the start
        assertThat(schedule.dueBy(999_999)).isEqualTo(1);
        assertThat(schedule.dueBy(1_000_000)).isEqualTo(2);
        assertThat(schedule.dueBy(37_500_000)).isEqualTo(38);
        for (long k = 0; k < 100; k++) {
            long due = schedule.dueBy(schedule.intendedNanos(k));
            assertThat(due).isEqualTo(k + 1);
            assertThat(schedule.intendedNanos(due - 1))
                    .isLessThanOrEqualTo(schedule.intendedNanos(k));
        }
    }

    @Test
    @DisplayName("never more than the phase's events are due, however long the phase runs over")
    void dueByStopsAtTheTotal() {
        SendSchedule schedule = new SendSchedule(3, 7);
        assertThat(schedule.dueBy(60_000_000_000L)).isEqualTo(7);
    }

    @Test
    @DisplayName("odd rates never make an event due before its intended time (rounding)")
    void roundingNeverSendsEarly() {
        SendSchedule schedule = new SendSchedule(7_919, 1_000_000);
        for (long elapsed = 0; elapsed < 50_000_000; elapsed += 12_347) {
            long due = schedule.dueBy(elapsed);
            if (due > 0) {
                assertThat(schedule.intendedNanos(due - 1)).isLessThanOrEqualTo(elapsed);
            }
            assertThat(schedule.intendedNanos(due)).isGreaterThan(elapsed);
        }
    }

    @Test
    @DisplayName("the wait until the next event is its intended time minus the time elapsed")
    void nanosUntil() {
        SendSchedule schedule = new SendSchedule(1_000, 10);
        assertThat(schedule.nanosUntil(3, 1_000_000)).isEqualTo(2_000_000);
        assertThat(schedule.nanosUntil(3, 5_000_000)).isZero();
    }

    @Test
    @DisplayName("a rate of zero or below is refused")
    void refusesBadRates() {
        assertThatThrownBy(() -> new SendSchedule(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SendSchedule(-5, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
