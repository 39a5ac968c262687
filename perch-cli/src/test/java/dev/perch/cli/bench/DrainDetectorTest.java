package dev.perch.cli.bench;

import static dev.perch.cli.bench.DrainDetector.Verdict.DRAINED;
import static dev.perch.cli.bench.DrainDetector.Verdict.TIMED_OUT;
import static dev.perch.cli.bench.DrainDetector.Verdict.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DrainDetectorTest {
    private static final long S = 1_000_000_000L;

    private static DrainDetector detector() {
        return new DrainDetector(Duration.ofSeconds(10), 0, Duration.ofSeconds(60));
    }

    @Test
    @DisplayName("drained as soon as every event sent has its output")
    void drainedWhenNothingOutstanding() {
        DrainDetector drain = detector();
        assertThat(drain.observe(1 * S, 5, 100, 3)).isEqualTo(WAITING);
        assertThat(drain.observe(2 * S, 0, 105, 0)).isEqualTo(DRAINED);
    }

    @Test
    @DisplayName(
            "a backlog counts as drained only when the outputs stood still for the quiet period"
                    + " with no lag")
    void backlogNeedsQuietAndNoLag() {
        DrainDetector drain = detector();
        assertThat(drain.observe(1 * S, -1, 100, 0)).isEqualTo(WAITING);
        assertThat(drain.observe(5 * S, -1, 200, 0)).isEqualTo(WAITING);
        assertThat(drain.observe(14 * S, -1, 200, 0)).isEqualTo(WAITING); // 9 s quiet
        assertThat(drain.observe(15 * S, -1, 200, 0)).isEqualTo(DRAINED);
    }

    @Test
    @DisplayName(
            "quiet outputs with a consumer still behind are not drained (a stalled model server)")
    void lagKeepsWaiting() {
        DrainDetector drain = detector();
        drain.observe(1 * S, -1, 100, 50);
        assertThat(drain.observe(30 * S, -1, 100, 50)).isEqualTo(WAITING);
        assertThat(drain.observe(61 * S, -1, 100, 50)).isEqualTo(TIMED_OUT);
    }

    @Test
    @DisplayName("events that never get an output do not hold the next phase for ever")
    void lostEventsDoNotBlock() {
        DrainDetector drain = detector();
        drain.observe(1 * S, 3, 100, 0);
        assertThat(drain.observe(12 * S, 3, 100, 0)).isEqualTo(DRAINED);
    }

    @Test
    @DisplayName("moving outputs reset the quiet period")
    void movingOutputsResetQuiet() {
        DrainDetector drain = detector();
        drain.observe(1 * S, -1, 100, 0);
        drain.observe(9 * S, -1, 101, 0);
        assertThat(drain.observe(15 * S, -1, 101, 0)).isEqualTo(WAITING);
        assertThat(drain.observe(19 * S, -1, 101, 0)).isEqualTo(DRAINED);
    }

    @Test
    @DisplayName("gives up at the deadline and says so")
    void timesOut() {
        DrainDetector drain = detector();
        for (long t = 1; t < 60; t++) {
            assertThat(drain.observe(t * S, 10, t, 5)).isEqualTo(WAITING);
        }
        assertThat(drain.observe(60 * S, 10, 61, 5)).isEqualTo(TIMED_OUT);
    }
}
