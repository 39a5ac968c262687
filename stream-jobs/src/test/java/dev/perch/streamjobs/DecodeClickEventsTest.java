package dev.perch.streamjobs;

import static dev.perch.streamjobs.Fixtures.T0;
import static dev.perch.streamjobs.Fixtures.WALL_CLOCK;
import static dev.perch.streamjobs.Fixtures.event;
import static dev.perch.streamjobs.Fixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.EventTimeBounds;
import dev.perch.events.EventType;
import dev.perch.streamjobs.itemstats.ItemStatisticsJobOptions;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DecodeClickEventsTest {
    private OneInputStreamOperatorTestHarness<KafkaRecord, ClickEvent> harness;

    @BeforeEach
    void start() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new DecodeClickEvents(Duration.ofMinutes(5)));
        harness.setProcessingTime(WALL_CLOCK.toEpochMilli());
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private List<DeadLetter> deadLetters() {
        return harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    @DisplayName("a valid event passes through unchanged")
    void validEventPasses() throws Exception {
        ClickEvent e = event("u1", EventType.VIEW, "a", T0);
        harness.processElement(raw(e), 0L);

        assertThat(harness.extractOutputValues()).containsExactly(e);
        assertThat(harness.getSideOutput(DeadLetters.TAG)).isNull();
    }

    @Test
    @DisplayName(
            "a keyed record without a value is a forget request: the user id and the request time"
                    + " go to their side output, nothing to the events or the dead letters")
    void keyedTombstoneIsForgetRequest() throws Exception {
        harness.processElement(
                new KafkaRecord(
                        "perch.events",
                        0,
                        43L,
                        T0.toEpochMilli(),
                        "u1".getBytes(StandardCharsets.UTF_8),
                        null),
                0L);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(DeadLetters.TAG)).isNull();
        assertThat(harness.getSideOutput(ForgetRequests.TAG))
                .extracting(StreamRecord::getValue)
                .containsExactly(
                        org.apache.flink.api.java.tuple.Tuple2.of("u1", T0.toEpochMilli()));
    }

    @Test
    @DisplayName("undecodable bytes become a dead letter with the original bytes, key and offset")
    void undecodableIsDeadLetter() throws Exception {
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        harness.processElement(raw(garbage), 0L);
        harness.processElement(raw(new byte[0]), 0L);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters())
                .extracting(DeadLetter::getReason)
                .containsExactly("UNDECODABLE", "EMPTY");
        DeadLetter first = deadLetters().get(0);
        assertThat(Fixtures.bytes(first.getOriginalBytes())).isEqualTo(garbage);
        assertThat(new String(Fixtures.bytes(first.getOriginalKey()), StandardCharsets.UTF_8))
                .isEqualTo("u1");
        assertThat(first.getSourceOffset()).isEqualTo(42L);
        assertThat(first.getDetail()).isNotBlank();
    }

    @Test
    @DisplayName(
            "a blank user id is MISSING_USER_ID; other broken rules are INVALID with the field")
    void invalidEventsAreDeadLetters() throws Exception {
        harness.processElement(raw(event(" ", EventType.VIEW, "a", T0)), 0L);
        harness.processElement(raw(event("u1", EventType.VIEW, null, T0)), 0L);

        assertThat(deadLetters())
                .extracting(DeadLetter::getReason)
                .containsExactly("MISSING_USER_ID", "INVALID");
        assertThat(deadLetters().get(1).getDetail()).contains("itemId");
    }

    @Test
    @DisplayName(
            "an event stamped further ahead of the wall clock than the skew is EVENT_IN_FUTURE")
    void futureEventsAreDeadLetters() throws Exception {
        harness.processElement(
                raw(event("u1", EventType.VIEW, "a", WALL_CLOCK.plus(Duration.ofHours(1)))), 0L);
        harness.processElement(
                raw(event("u1", EventType.VIEW, "a", WALL_CLOCK.plus(Duration.ofMinutes(1)))), 0L);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(deadLetters())
                .extracting(DeadLetter::getReason)
                .containsExactly("EVENT_IN_FUTURE");
    }

    @Test
    @DisplayName(
            "with the default options, an event the collector accepted at the edge of its skew is"
                    + " not EVENT_IN_FUTURE, even on a job host whose clock is behind")
    void collectorAcceptedEventPassesDefaultSkew() throws Exception {
        EventTimeBounds collector = EventTimeBounds.DEFAULT;
        Duration jobsSkew = UserStateJobOptions.MAX_FUTURE_SKEW.defaultValue();
        assertThat(jobsSkew).isEqualTo(ItemStatisticsJobOptions.MAX_FUTURE_SKEW.defaultValue());
        Instant collectorNow = WALL_CLOCK.plus(EventTimeBounds.HOST_CLOCK_TOLERANCE);
        Instant edge = collectorNow.plus(collector.maxFutureSkew());
        assertThat(collector.check(edge, collectorNow)).isEmpty();

        try (var jobs =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeClickEvents(jobsSkew))) {
            jobs.setProcessingTime(WALL_CLOCK.toEpochMilli());
            jobs.processElement(raw(event("u1", EventType.VIEW, "a", edge)), 0L);

            assertThat(jobs.extractOutputValues()).hasSize(1);
            assertThat(jobs.getSideOutput(DeadLetters.TAG)).isNull();
        }
    }
}
