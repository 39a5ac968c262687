package dev.perch.streamjobs;

import static dev.perch.streamjobs.Fixtures.event;
import static dev.perch.streamjobs.Fixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventTimeWatermarksTest {
    private final EventTimeWatermarks.EventTimeOfRecord assigner =
            new EventTimeWatermarks.EventTimeOfRecord();
    private final EventTimeWatermarks.BoundedIgnoringUnusable generator =
            new EventTimeWatermarks.BoundedIgnoringUnusable(
                    Duration.ofSeconds(5).toMillis(), Duration.ofMinutes(5).toMillis());
    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output =
            new WatermarkOutput() {
                @Override
                public void emitWatermark(Watermark watermark) {
                    emitted.add(watermark.getTimestamp());
                }

                @Override
                public void markIdle() {}

                @Override
                public void markActive() {}
            };

    private void see(KafkaRecord record) {
        generator.onEvent(record, assigner.extractTimestamp(record, 0L), output);
    }

    @Test
    @DisplayName("the timestamp is the event time read from the record's Avro value")
    void readsEventTime() {
        Instant time = Instant.parse("2026-03-01T10:00:00Z");

        assertThat(assigner.extractTimestamp(raw(event("u1", EventType.VIEW, "a", time)), 0L))
                .isEqualTo(time.toEpochMilli());
        assertThat(assigner.extractTimestamp(raw("junk".getBytes(StandardCharsets.UTF_8)), 0L))
                .isEqualTo(EventTimeWatermarks.NO_EVENT_TIME);
    }

    @Test
    @DisplayName(
            "undecodable and far-future records never move the watermark; others lag by the"
                    + " out-of-orderness")
    void ignoresUnusableRecords() {
        Instant now = Instant.now();
        see(raw(event("u1", EventType.VIEW, "a", now.minusSeconds(60))));
        see(raw("junk".getBytes(StandardCharsets.UTF_8)));
        see(raw(event("u1", EventType.VIEW, "a", now.plus(Duration.ofDays(1)))));
        generator.onPeriodicEmit(output);

        assertThat(emitted).containsExactly(now.minusSeconds(60).toEpochMilli() - 5_000 - 1);
    }
}
