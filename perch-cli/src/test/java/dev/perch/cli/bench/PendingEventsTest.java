package dev.perch.cli.bench;

import static dev.perch.cli.bench.PendingEvents.Stage.RECOMMENDATIONS;
import static dev.perch.cli.bench.PendingEvents.Stage.USER_STATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PendingEventsTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_764_000_000_000L; // a wall-clock millisecond

    /** The version the stream jobs give the state of an event at {@code eventTime} ms. */
    private static long version(long eventTime) {
        return eventTime << 20;
    }

    private static PendingEvents measuringEverything() {
        PendingEvents pending = new PendingEvents();
        pending.reset(0, Long.MAX_VALUE);
        return pending;
    }

    @Test
    @DisplayName("a list for one state answers the event that made it, from its intended send time")
    void oneEventOneList() {
        PendingEvents pending = measuringEverything();
        long eventTime = pending.sent("u1", 100 * MS, T0);
        assertThat(eventTime).isEqualTo(T0);

        assertThat(pending.covered(RECOMMENDATIONS, "u1", version(eventTime), 350 * MS))
                .isEqualTo(1);

        Histogram micros = pending.latencies(RECOMMENDATIONS);
        assertThat(micros.getTotalCount()).isEqualTo(1);
        assertThat(micros.getMaxValue()).isBetween(249_000L, 251_000L);
        assertThat(pending.outstanding(RECOMMENDATIONS)).isZero();
        assertThat(pending.outstanding(USER_STATE)).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "a list from a state that coalesced three clicks answers all three, each from its own"
                    + " send time")
    void coalescedEventsAreAnsweredByTheLaterList() {
        PendingEvents pending = measuringEverything();
        pending.sent("u1", 0, T0);
        pending.sent("u1", 10 * MS, T0 + 10);
        long third = pending.sent("u1", 20 * MS, T0 + 20);

        assertThat(pending.covered(RECOMMENDATIONS, "u1", version(third), 120 * MS)).isEqualTo(3);

        Histogram micros = pending.latencies(RECOMMENDATIONS);
        assertThat(micros.getTotalCount()).isEqualTo(3);
        assertThat(micros.getMinValue()).isBetween(99_000L, 101_000L);
        assertThat(micros.getMaxValue()).isBetween(119_000L, 121_000L);
    }

    @Test
    @DisplayName("a list from an older state answers only the events that state includes")
    void olderStateCoversOnlyEarlierEvents() {
        PendingEvents pending = measuringEverything();
        long first = pending.sent("u1", 0, T0);
        pending.sent("u1", 5 * MS, T0 + 5);

        assertThat(pending.covered(RECOMMENDATIONS, "u1", version(first), 50 * MS)).isEqualTo(1);
        assertThat(pending.outstanding(RECOMMENDATIONS)).isEqualTo(1);
        // a repeated list of the same version answers nothing more
        assertThat(pending.covered(RECOMMENDATIONS, "u1", version(first), 60 * MS)).isZero();
    }

    @Test
    @DisplayName(
            "two clicks of a user in one millisecond get distinct event times, so one state never"
                    + " answers a click it has not seen")
    void sameMillisecondGetsDistinctEventTimes() {
        PendingEvents pending = measuringEverything();
        long first = pending.sent("u1", 0, T0);
        long second = pending.sent("u1", 100_000, T0);
        assertThat(second).isEqualTo(first + 1);

        assertThat(pending.covered(USER_STATE, "u1", version(first), MS)).isEqualTo(1);
        assertThat(pending.outstanding(USER_STATE)).isEqualTo(1);
        // the stream jobs' version for the second: max(previous + 1, eventTime * 2^20)
        long secondVersion = Math.max(version(first) + 1, version(second));
        assertThat(pending.covered(USER_STATE, "u1", secondVersion, 2 * MS)).isEqualTo(1);
    }

    @Test
    @DisplayName("outputs of other users, or of users from an earlier phase, answer nothing")
    void unrelatedOutputsCoverNothing() {
        PendingEvents pending = measuringEverything();
        pending.sent("u1", 0, T0);
        assertThat(pending.covered(RECOMMENDATIONS, "u2", Long.MAX_VALUE, MS)).isZero();
        // an old list of u1 (the backlog's 2014 event times) is not a list for this event
        assertThat(pending.covered(RECOMMENDATIONS, "u1", version(T0 - 86_400_000L), MS)).isZero();
        assertThat(pending.outstanding(RECOMMENDATIONS)).isEqualTo(1);
    }

    @Test
    @DisplayName("user state and recommendations are matched independently")
    void stagesAreIndependent() {
        PendingEvents pending = measuringEverything();
        long t = pending.sent("u1", 0, T0);
        pending.covered(USER_STATE, "u1", version(t), 80 * MS);
        pending.covered(RECOMMENDATIONS, "u1", version(t), 200 * MS);
        assertThat(pending.latencies(USER_STATE).getMaxValue()).isBetween(79_000L, 81_000L);
        assertThat(pending.latencies(RECOMMENDATIONS).getMaxValue()).isBetween(199_000L, 201_000L);
    }

    @Test
    @DisplayName("warm-up events are matched but not measured")
    void warmUpIsNotMeasured() {
        PendingEvents pending = new PendingEvents();
        pending.reset(1_000 * MS, 2_000 * MS);
        long warm = pending.sent("u1", 500 * MS, T0);
        long measured = pending.sent("u1", 1_500 * MS, T0 + 1_000);
        pending.covered(RECOMMENDATIONS, "u1", version(warm), 600 * MS);
        assertThat(pending.latencies(RECOMMENDATIONS).getTotalCount()).isZero();
        pending.covered(RECOMMENDATIONS, "u1", version(measured), 1_600 * MS);
        assertThat(pending.latencies(RECOMMENDATIONS).getTotalCount()).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "events still without a list at the cut-off count with the time they waited, so lost"
                    + " lists make the percentiles worse, never better")
    void cutOffCountsMissingListsAsWaiting() {
        PendingEvents pending = measuringEverything();
        long answered = pending.sent("u1", 0, T0);
        pending.sent("u2", 0, T0);
        pending.covered(RECOMMENDATIONS, "u1", version(answered), 100 * MS);

        pending.cutOff(30_000 * MS);

        assertThat(pending.uncovered(RECOMMENDATIONS)).isEqualTo(1);
        assertThat(pending.outstanding(RECOMMENDATIONS)).isZero();
        Histogram micros = pending.latencies(RECOMMENDATIONS);
        assertThat(micros.getTotalCount()).isEqualTo(2);
        assertThat(micros.getMaxValue()).isGreaterThanOrEqualTo(29_990_000L);
        assertThat(pending.uncovered(USER_STATE)).isEqualTo(2);
    }

    @Test
    @DisplayName("a user with many events keeps matching after its queue was compacted")
    void longUserHistories() {
        PendingEvents pending = measuringEverything();
        for (int i = 0; i < 1_000; i++) {
            long t = pending.sent("u1", i * MS, T0 + i);
            assertThat(pending.covered(USER_STATE, "u1", version(t), i * MS + 10 * MS))
                    .isEqualTo(1);
            if (i % 3 == 2) {
                assertThat(pending.covered(RECOMMENDATIONS, "u1", version(t), i * MS + 50 * MS))
                        .isEqualTo(3);
            }
        }
        assertThat(pending.outstanding(RECOMMENDATIONS)).isEqualTo(1);
        assertThat(pending.latencies(RECOMMENDATIONS).getTotalCount()).isEqualTo(999);
    }

    @Test
    @DisplayName("a new phase forgets the previous one")
    void resetForgets() {
        PendingEvents pending = measuringEverything();
        pending.sent("u1", 0, T0);
        pending.reset(0, Long.MAX_VALUE);
        assertThat(pending.users()).isZero();
        assertThat(pending.outstanding(USER_STATE)).isZero();
        assertThat(pending.latencies(USER_STATE).getTotalCount()).isZero();
    }

    @Test
    @DisplayName(
            "the timeline puts each measured event's latency in the window of its intended send"
                    + " time, so a lag that grows over a phase shows window by window")
    void timelineByIntendedSendTime() {
        long second = 1_000 * MS;
        PendingEvents pending = new PendingEvents(Duration.ofSeconds(5));
        pending.reset(10 * second, 30 * second);
        long warm = pending.sent("u0", 9 * second, T0);
        long early = pending.sent("u1", 11 * second, T0 + 11_000);
        long late = pending.sent("u2", 26 * second, T0 + 26_000);
        pending.covered(RECOMMENDATIONS, "u0", version(warm), 9 * second + 400 * MS);
        pending.covered(RECOMMENDATIONS, "u1", version(early), 11 * second + 40 * MS);
        pending.covered(RECOMMENDATIONS, "u2", version(late), 26 * second + 900 * MS);
        pending.covered(USER_STATE, "u2", version(late), 26 * second + 20 * MS);

        List<Histogram> windows = pending.timeline(RECOMMENDATIONS);
        assertThat(windows).hasSize(4); // 10-15 s, 15-20 s (empty), 20-25 s (empty), 25-30 s
        assertThat(windows.get(0).getTotalCount()).isEqualTo(1);
        assertThat(windows.get(0).getMaxValue()).isBetween(39_000L, 41_000L);
        assertThat(windows.get(1).getTotalCount()).isZero();
        assertThat(windows.get(2).getTotalCount()).isZero();
        assertThat(windows.get(3).getTotalCount()).isEqualTo(1);
        assertThat(windows.get(3).getMaxValue()).isBetween(890_000L, 910_000L);
        assertThat(pending.timeline(USER_STATE)).hasSize(4);

        pending.reset(0, Long.MAX_VALUE);
        assertThat(pending.timeline(RECOMMENDATIONS)).isEmpty();
    }

    @Test
    @DisplayName("the timeline's windows are as long as asked (--timeline-seconds)")
    void timelineWindowLength() {
        PendingEvents pending = new PendingEvents(Duration.ofSeconds(1));
        pending.reset(0, Long.MAX_VALUE);
        long a = pending.sent("u1", 200 * MS, T0);
        long b = pending.sent("u2", 1_700 * MS, T0 + 1_500);
        pending.covered(RECOMMENDATIONS, "u1", version(a), 300 * MS);
        pending.covered(RECOMMENDATIONS, "u2", version(b), 1_800 * MS);
        List<Histogram> windows = pending.timeline(RECOMMENDATIONS);
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).getTotalCount()).isEqualTo(1);
        assertThat(windows.get(1).getTotalCount()).isEqualTo(1);
        assertThat(pending.window()).isEqualTo(Duration.ofSeconds(1));
    }
}
