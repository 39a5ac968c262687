package dev.perch.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.EnrichedEvent;
import dev.perch.events.EventType;
import java.time.Duration;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SlidingEventTimeOfEventTest {
    @Test
    @DisplayName(
            "an event released by a timer (no record timestamp) still lands in the windows of its"
                    + " own event time")
    void usesTheEventsOwnTime() {
        SlidingEventTimeOfEvent windows =
                new SlidingEventTimeOfEvent(Duration.ofMinutes(10), Duration.ofMinutes(5));
        EnrichedEvent event =
                EnrichedEvent.withoutItem(
                        Fixtures.event("u1", EventType.VIEW, "a", Fixtures.T0.plusSeconds(60)));

        assertThat(windows.assignWindows(event, Long.MIN_VALUE, null))
                .extracting(TimeWindow::getEnd)
                .containsExactlyInAnyOrder(
                        Fixtures.T0.toEpochMilli() + 300_000, Fixtures.T0.toEpochMilli() + 600_000);
    }
}
