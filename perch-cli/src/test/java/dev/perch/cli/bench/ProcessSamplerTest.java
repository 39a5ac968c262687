package dev.perch.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProcessSamplerTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    @DisplayName(
            "the cores of each 5 s window of a phase: a busy start then a quiet end read as"
                    + " such, and a last window of at least a second counts")
    void coresPerWindow() {
        ProcessSampler.Track track = new ProcessSampler.Track(1, false, 5 * SECOND);
        long ticks = 1_000; // the process's CPU ticks (1/100 s) before the phase
        track.record(0, ticks, 1024);
        for (int s = 1; s <= 12; s++) {
            // 1.5 cores in the first five seconds, then 0.25, over 12 s of samples
            ticks += s <= 5 ? 150 : 25;
            track.record(s * SECOND, ticks, 2048);
        }
        ProcessSampler.Usage usage = track.usage("stream-jobs");

        assertThat(usage.coresOverTime()).containsExactly(1.5, 0.25, 0.25);
        assertThat(usage.cpuSeconds()).isEqualTo(9.25);
        assertThat(usage.averageCores()).isEqualTo(0.77);
        assertThat(usage.peakCores()).isEqualTo(1.5);
        assertThat(usage.peakRssMb()).isEqualTo(2);
    }

    @Test
    @DisplayName("a window closes at the first sample past its end: late samples shift no CPU")
    void lateSampleClosesTheWindow() {
        ProcessSampler.Track track = new ProcessSampler.Track(1, false, 5 * SECOND);
        track.record(0, 0, 0);
        track.record(3 * SECOND, 300, 0);
        // the sampler was late: this sample is 1.5 s past the window's end
        track.record(6_500_000_000L, 650, 0);
        track.record(7 * SECOND, 650, 0); // a last window under a second is left out
        assertThat(track.usage("x").coresOverTime()).containsExactly(1.0);
    }

    @Test
    @DisplayName("a usage without windows has an empty list, and a window under 1 ms is refused")
    void noWindows() {
        assertThat(new ProcessSampler.Usage("bench", 1, 0.1, 0.2, 10).coresOverTime()).isEmpty();
        assertThatThrownBy(() -> new ProcessSampler(List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
