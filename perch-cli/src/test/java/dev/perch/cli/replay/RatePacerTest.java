package dev.perch.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RatePacerTest {

    @Test
    @DisplayName("at 1000 events/s event k is due k milliseconds after the start")
    void dueTimes() {
        RatePacer pacer = RatePacer.perSecond(1000);

        assertThat(pacer.dueNanos(0)).isZero();
        assertThat(pacer.dueNanos(1)).isEqualTo(1_000_000);
        assertThat(pacer.dueNanos(2_500)).isEqualTo(2_500_000_000L);
    }

    @Test
    @DisplayName("due times come from the start, so they do not drift over millions of events")
    void noDrift() {
        RatePacer pacer = RatePacer.perSecond(3);

        assertThat(pacer.dueNanos(3_000_000)).isEqualTo(1_000_000L * 1_000_000_000L);
        assertThat(pacer.dueNanos(1)).isEqualTo(333_333_333);
    }

    @Test
    @DisplayName("the wait is what is left until the event is due, and zero when late")
    void waits() {
        RatePacer pacer = RatePacer.perSecond(100);

        assertThat(pacer.waitNanos(10, 40_000_000)).isEqualTo(60_000_000);
        assertThat(pacer.waitNanos(10, 100_000_000)).isZero();
        assertThat(pacer.waitNanos(10, 250_000_000)).isZero();
    }

    @Test
    @DisplayName("after falling behind, the next events are sent without waiting until caught up")
    void catchesUp() {
        RatePacer pacer = RatePacer.perSecond(1000);
        long elapsedAfterLongPause = 50_000_000; // 50 ms: 50 events are due

        assertThat(pacer.waitNanos(49, elapsedAfterLongPause)).isZero();
        assertThat(pacer.waitNanos(51, elapsedAfterLongPause)).isEqualTo(1_000_000);
    }

    @Test
    @DisplayName("rate 0 never waits; negative, NaN and infinite rates are refused")
    void limits() {
        assertThat(RatePacer.perSecond(0).isUnlimited()).isTrue();
        assertThat(RatePacer.unlimited().waitNanos(1_000_000, 0)).isZero();
        assertThatThrownBy(() -> RatePacer.perSecond(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RatePacer.perSecond(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RatePacer.perSecond(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("awaitTurn returns at once when the event is already due on the given clock")
    void awaitTurnWhenDue() {
        AtomicLong clock = new AtomicLong(5_000_000_000L);

        RatePacer.perSecond(10).awaitTurn(3, 0, clock::get);

        assertThat(clock.get()).isEqualTo(5_000_000_000L);
    }
}
