package dev.perch.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.cli.TopicRecords;
import dev.perch.events.UserState;
import dev.perch.events.serde.AvroCodec;
import dev.perch.events.serde.VersionReader;
import dev.perch.kafka.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bench's output topics and probe against the real broker. */
@DisplayName("LatencyProbe against the broker: outputs timed at their append")
class LatencyProbeITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    /** A producer's time that no output of this test can have been appended at. */
    private static final long LONG_AGO = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();

    @Test
    @DisplayName(
            "a stamped topic's records carry the broker's append time, not the producer's, and the"
                    + " probe gives the event its latency up to that time")
    void outputsAreTimedAtTheirAppend() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        String topic = "bench-probe-" + UUID.randomUUID();
        try (TopicCounter counter = new TopicCounter(bootstrap)) {
            counter.ensureTopic(topic, 2);
            counter.stampAppendTime(topic);
        }
        PendingEvents pending = new PendingEvents();
        pending.reset(0, Long.MAX_VALUE);
        try (LatencyProbe probe =
                        new LatencyProbe(
                                bootstrap,
                                topic,
                                VersionReader.of(UserState.class, "version"),
                                pending,
                                PendingEvents.Stage.USER_STATE);
                KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(
                                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                                new StringSerializer(),
                                new ByteArraySerializer())) {
            long intended = System.nanoTime();
            long eventTime = pending.sent("u1", intended, System.currentTimeMillis());
            Instant now = Instant.ofEpochMilli(eventTime);
            UserState state =
                    UserState.newBuilder()
                            .setUserId("u1")
                            .setVersion(eventTime << 20)
                            .setVector(List.of())
                            .setFirstSeen(now)
                            .setLastSeen(now)
                            .setUpdatedAt(now)
                            .build();
            // the producer claims a time twenty-five years ago: a probe that trusted it would give
            // the event a latency of minus twenty-five years (or none)
            producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    null,
                                    LONG_AGO,
                                    "u1",
                                    AvroCodec.of(UserState.class).encode(state)))
                    .get();
            long sentBy = System.nanoTime();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> pending.outstanding(PendingEvents.Stage.USER_STATE) == 0);
            Histogram micros = pending.latencies(PendingEvents.Stage.USER_STATE);
            assertThat(micros.getTotalCount()).isEqualTo(1);
            // from the intended time to the append, which came before the send's acknowledgement
            // (plus a millisecond: the append time is a whole millisecond)
            assertThat(micros.getMaxValue()).isBetween(0L, (sentBy - intended) / 1_000 + 1_000);
            assertThat(probe.records()).isEqualTo(1);
        }

        List<ConsumerRecord<byte[], byte[]>> stored =
                TopicRecords.readAll(bootstrap, topic, Duration.ofSeconds(30));
        assertThat(stored).hasSize(1);
        ConsumerRecord<byte[], byte[]> read = stored.get(0);
        assertThat(read.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(read.timestamp()).isGreaterThan(LONG_AGO);
    }
}
