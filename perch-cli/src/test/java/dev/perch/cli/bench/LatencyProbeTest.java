package dev.perch.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LatencyProbe: when an output counts as there")
class LatencyProbeTest {
    private static final long MS = 1_000_000L;

    private static ConsumerRecord<String, byte[]> record(TimestampType type, long timestamp) {
        return new ConsumerRecord<>(
                "perch.recommendations",
                0,
                0L,
                timestamp,
                type,
                -1,
                -1,
                "u1",
                new byte[0],
                new RecordHeaders(),
                Optional.empty());
    }

    @Test
    @DisplayName(
            "a record stamped by the broker is there at its append time, however late the probe"
                    + " reads it")
    void appendTimeEndsTheLatency() {
        Instant wall = Instant.parse("2026-12-06T06:00:00.000250Z");
        long readAt = 7_000 * MS; // this JVM's monotonic clock when the probe read it
        long offset = LatencyProbe.monotonicMinusWallClock(readAt, wall);

        // appended 180 ms before the probe read it
        long appended = wall.toEpochMilli() - 180;
        assertThat(
                        LatencyProbe.outputTime(
                                record(TimestampType.LOG_APPEND_TIME, appended), readAt, offset))
                .isEqualTo(readAt - 180 * MS - 250_000L);
    }

    @Test
    @DisplayName("a record with the producer's time is there when the probe reads it")
    void producersTimeIsNotTrusted() {
        Instant wall = Instant.parse("2026-12-06T06:00:00Z");
        long readAt = 7_000 * MS;
        long offset = LatencyProbe.monotonicMinusWallClock(readAt, wall);

        assertThat(
                        LatencyProbe.outputTime(
                                record(TimestampType.CREATE_TIME, wall.toEpochMilli() - 5_000),
                                readAt,
                                offset))
                .isEqualTo(readAt);
    }
}
