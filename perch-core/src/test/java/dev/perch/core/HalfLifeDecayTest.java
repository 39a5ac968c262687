package dev.perch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HalfLifeDecayTest {
    private final HalfLifeDecay decay = new HalfLifeDecay(Duration.ofHours(1));

    @Test
    @DisplayName("one half-life halves, two quarter, none keeps everything")
    void halvesPerHalfLife() {
        assertThat(decay.factor(0)).isEqualTo(1.0);
        assertThat(decay.factor(Duration.ofHours(1).toMillis())).isCloseTo(0.5, within(1e-12));
        assertThat(decay.factor(Duration.ofHours(2).toMillis())).isCloseTo(0.25, within(1e-12));
        assertThat(decay.factor(Duration.ofMinutes(30).toMillis()))
                .isCloseTo(Math.sqrt(0.5), within(1e-12));
    }

    @Test
    @DisplayName("negative elapsed time never grows a contribution")
    void negativeElapsedIsNone() {
        assertThat(decay.factor(-5_000)).isEqualTo(1.0);
    }

    @Test
    @DisplayName("decades of elapsed time decay to zero, not to NaN")
    void hugeElapsedIsZero() {
        assertThat(decay.factor(Duration.ofDays(365L * 50).toMillis())).isZero();
    }

    @Test
    void rejectsZeroHalfLife() {
        assertThatThrownBy(() -> new HalfLifeDecay(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
