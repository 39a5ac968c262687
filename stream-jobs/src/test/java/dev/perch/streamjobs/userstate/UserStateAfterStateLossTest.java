package dev.perch.streamjobs.userstate;

import static dev.perch.streamjobs.Fixtures.T0;
import static dev.perch.streamjobs.Fixtures.WALL_CLOCK;
import static dev.perch.streamjobs.Fixtures.enriched;
import static dev.perch.streamjobs.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.EnrichedEvent;
import dev.perch.events.EventType;
import dev.perch.events.UserState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A user's state is lost (its TTL expired, or the job restarted without a savepoint) and new events
 * arrive: the new states must carry versions above everything published before, or every consumer
 * holding the old version (the model server's version guard) would drop them and the user's list
 * would stay stale.
 */
class UserStateAfterStateLossTest {
    private static final Duration TTL = Duration.ofHours(1);

    private KeyedTwoInputStreamOperatorTestHarness<
                    String, EnrichedEvent, Tuple2<String, Long>, UserState>
            harness;

    private static UserStateJobConfig config() {
        Configuration c = new Configuration();
        c.set(UserStateJobOptions.INACTIVE_USER_TTL, TTL);
        c.set(UserStateJobOptions.HALF_LIFE, Duration.ofHours(1));
        return UserStateJobConfig.from(c);
    }

    private void start() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new UpdateUserState(config()),
                        e -> e.event().getUserId(),
                        f -> f.f0,
                        Types.STRING);
        harness.setProcessingTime(WALL_CLOCK.toEpochMilli());
        harness.setStateTtlProcessingTime(WALL_CLOCK.toEpochMilli());
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private UserState view(String item, Instant time) throws Exception {
        EnrichedEvent e = enriched(event("u1", EventType.VIEW, item, time), 1f, 0f);
        harness.processElement1(e, time.toEpochMilli());
        List<UserState> out = harness.extractOutputValues();
        return out.get(out.size() - 1);
    }

    private static long events(UserState state) {
        return state.getEventCounts().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    @DisplayName(
            "after TTL expiry and after a restart without savepoint, new events give versions"
                    + " above every version published before")
    void versionsStayOrderedAcrossStateLoss() throws Exception {
        start();
        UserState before = null;
        for (int i = 0; i < 50; i++) {
            // a burst within one second, some late: the version grows past the event-time floor
            before = view("i" + i, T0.plusMillis(1000 - i * 7L));
        }
        assertThat(events(before)).isEqualTo(50);

        harness.setStateTtlProcessingTime(WALL_CLOCK.plus(TTL).plusSeconds(60).toEpochMilli());
        UserState afterExpiry = view("j", T0.plusSeconds(90));

        assertThat(events(afterExpiry)).as("the state expired and started again").isEqualTo(1);
        assertThat(afterExpiry.getVersion()).isGreaterThan(before.getVersion());

        harness.close();
        start(); // a restart without a savepoint: empty state
        UserState afterRestart = view("k", T0.plusSeconds(120));

        assertThat(events(afterRestart)).as("no state survived the restart").isEqualTo(1);
        assertThat(afterRestart.getVersion()).isGreaterThan(afterExpiry.getVersion());
    }
}
