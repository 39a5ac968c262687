package dev.perch.streamjobs.userstate;

import static dev.perch.streamjobs.Fixtures.T0;
import static dev.perch.streamjobs.Fixtures.WALL_CLOCK;
import static dev.perch.streamjobs.Fixtures.config;
import static dev.perch.streamjobs.Fixtures.enriched;
import static dev.perch.streamjobs.Fixtures.event;
import static dev.perch.streamjobs.Fixtures.sameIdAs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.EnrichedEvent;
import dev.perch.core.StateVersions;
import dev.perch.core.UserProfile;
import dev.perch.core.UserStateUpdater;
import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.EventType;
import dev.perch.events.UserState;
import dev.perch.streamjobs.DeadLetters;
import dev.perch.streamjobs.Fixtures;
import dev.perch.streamjobs.ForgetRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UpdateUserStateTest {
    private final UserStateJobConfig config = config(5, Duration.ofMinutes(10));
    private KeyedTwoInputStreamOperatorTestHarness<
                    String, EnrichedEvent, Tuple2<String, Long>, UserState>
            harness;

    private void start(UserStateJobConfig config) throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new UpdateUserState(config),
                        e -> e.event().getUserId(),
                        f -> f.f0,
                        Types.STRING);
        harness.setProcessingTime(WALL_CLOCK.toEpochMilli());
    }

    /** Snapshots the operator, closes it and starts a new one from that snapshot. */
    private void restartFromSnapshot() throws Exception {
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();
        harness =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(new UpdateUserState(config)),
                        e -> e.event().getUserId(),
                        f -> f.f0,
                        Types.STRING);
        harness.setProcessingTime(WALL_CLOCK.toEpochMilli());
        harness.initializeState(snapshot);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(EnrichedEvent e) throws Exception {
        harness.processElement1(e, e.event().getEventTime().toEpochMilli());
    }

    private List<String> deadLetterReasons() {
        return harness.getSideOutput(DeadLetters.TAG).stream()
                .map(StreamRecord::getValue)
                .map(DeadLetter::getReason)
                .toList();
    }

    @Test
    @DisplayName("each event emits the state the shared update rule computes, version by version")
    void emitsTheSharedRulesState() throws Exception {
        start(config);
        List<EnrichedEvent> events =
                List.of(
                        enriched(event("u1", EventType.VIEW, "a", T0), 1f, 0f),
                        enriched(event("u1", EventType.PURCHASE, "b", T0.plusSeconds(60)), 0f, 1f),
                        enriched(event("u2", EventType.VIEW, "a", T0.plusSeconds(5)), 1f, 0f));
        for (EnrichedEvent e : events) {
            send(e);
        }

        UserStateUpdater rule = new UserStateUpdater(config.updateRule());
        Instant now = WALL_CLOCK;
        UserProfile u1 = rule.update(rule.update(null, events.get(0), now), events.get(1), now);
        UserProfile u2 = rule.update(null, events.get(2), now);
        assertThat(harness.extractOutputValues())
                .extracting(UserState::getUserId, UserState::getVersion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("u1", StateVersions.next(0, T0)),
                        org.assertj.core.groups.Tuple.tuple(
                                "u1", StateVersions.next(0, T0.plusSeconds(60))),
                        org.assertj.core.groups.Tuple.tuple(
                                "u2", StateVersions.next(0, T0.plusSeconds(5))));
        assertThat(harness.extractOutputValues().get(1)).isEqualTo(u1.state());
        assertThat(harness.extractOutputValues().get(1).getSequence())
                .extracting(dev.perch.events.RecentItem::getItemId)
                .containsExactly("a", "b");
        assertThat(harness.extractOutputValues().get(2)).isEqualTo(u2.state());
        assertThat(harness.getSideOutput(DeadLetters.TAG)).isNull();
    }

    @Test
    @DisplayName(
            "a duplicate event id within the window is a DUPLICATE dead letter and changes nothing")
    void duplicatesAreDeadLetters() throws Exception {
        start(config);
        ClickEvent first = event("u1", EventType.VIEW, "a", T0);
        send(enriched(first, 1f, 0f));
        send(enriched(sameIdAs(first), 1f, 0f));

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(deadLetterReasons()).containsExactly("DUPLICATE");
        DeadLetter letter = harness.getSideOutput(DeadLetters.TAG).peek().getValue();
        assertThat(Fixtures.EVENTS.decode(Fixtures.bytes(letter.getOriginalBytes())))
                .isEqualTo(first);
        assertThat(letter.getStage()).isEqualTo(DeadLetters.STAGE);
    }

    @Test
    @DisplayName("once event time passes the dedup window, the id is forgotten and counts again")
    void dedupWindowExpires() throws Exception {
        start(config);
        ClickEvent first = event("u1", EventType.VIEW, "a", T0);
        send(enriched(first, 1f, 0f));
        harness.processBothWatermarks(
                new org.apache.flink.streaming.api.watermark.Watermark(
                        T0.plus(Duration.ofMinutes(12)).toEpochMilli()));
        send(enriched(sameIdAs(first), 1f, 0f));

        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.getSideOutput(DeadLetters.TAG)).isNull();
    }

    @Test
    @DisplayName(
            "a user who sends more ids within the window than the profile keeps has the further"
                    + " ones checked in the map state, until the window has passed")
    void idsBeyondTheProfileAreStillDuplicates() throws Exception {
        start(Fixtures.config(1_000, Duration.ofMinutes(10)));
        List<ClickEvent> sent = new java.util.ArrayList<>();
        for (int i = 0; i < UpdateUserState.IDS_IN_PROFILE + 8; i++) {
            ClickEvent e = event("u1", EventType.VIEW, "a", T0.plusMillis(10L * i));
            sent.add(e);
            send(enriched(e, 1f, 0f));
            if (sent.size() == UpdateUserState.IDS_IN_PROFILE) {
                assertThat(harness.numEventTimeTimers())
                        .as("ids within the profile's capacity need no timer")
                        .isZero();
            }
        }
        assertThat(harness.numEventTimeTimers())
                .as("the spilled ids' timer (all in one minute)")
                .isEqualTo(1);
        send(enriched(sameIdAs(sent.get(0)), 1f, 0f));
        send(enriched(sameIdAs(sent.get(7)), 1f, 0f));
        send(enriched(sameIdAs(sent.get(sent.size() - 1)), 1f, 0f));

        assertThat(harness.extractOutputValues()).hasSize(sent.size());
        assertThat(deadLetterReasons())
                .as("ids in the profile and ids in the map state alike")
                .containsExactly("DUPLICATE", "DUPLICATE", "DUPLICATE");

        harness.processBothWatermarks(
                new org.apache.flink.streaming.api.watermark.Watermark(
                        T0.plus(Duration.ofMinutes(12)).toEpochMilli()));
        send(enriched(sameIdAs(sent.get(sent.size() - 1)), 1f, 0f));
        assertThat(harness.extractOutputValues())
                .as("once the window has passed, a spilled id counts again")
                .hasSize(sent.size() + 1);
    }

    @Test
    @DisplayName("an event far behind the user's latest one is EVENT_TOO_OLD")
    void tooOldIsDeadLetter() throws Exception {
        start(config);
        send(enriched(event("u1", EventType.VIEW, "a", T0), 1f, 0f));
        send(enriched(event("u1", EventType.VIEW, "b", T0.minus(Duration.ofDays(2))), 1f, 0f));
        send(enriched(event("u1", EventType.VIEW, "c", T0.minus(Duration.ofHours(2))), 1f, 0f));

        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(deadLetterReasons()).containsExactly("EVENT_TOO_OLD");
    }

    @Test
    @DisplayName(
            "a bot flooding one minute gets its excess RATE_LIMITED; other users are untouched")
    void floodIsRateLimited() throws Exception {
        start(config);
        for (int i = 0; i < 1_000; i++) {
            send(enriched(event("bot", EventType.VIEW, "a", T0.plusMillis(i)), 1f, 0f));
        }
        send(enriched(event("u1", EventType.VIEW, "a", T0), 1f, 0f));
        send(enriched(event("bot", EventType.VIEW, "a", T0.plusSeconds(61)), 1f, 0f));

        assertThat(harness.extractOutputValues())
                .filteredOn(s -> s.getUserId().equals("bot"))
                .hasSize(6);
        assertThat(harness.extractOutputValues())
                .filteredOn(s -> s.getUserId().equals("u1"))
                .hasSize(1);
        assertThat(deadLetterReasons()).hasSize(995).containsOnly("RATE_LIMITED");
    }

    @Test
    @DisplayName(
            "the rate window is kept with the profile: it survives a snapshot and restore, and a"
                    + " forget request restarts it")
    void rateWindowSurvivesRestore() throws Exception {
        start(config);
        int limit = config.maxEventsPerUserPerMinute();
        for (int i = 0; i < limit - 1; i++) {
            send(enriched(event("u1", EventType.VIEW, "a", T0.plusMillis(i)), 1f, 0f));
        }
        restartFromSnapshot();
        send(enriched(event("u1", EventType.VIEW, "a", T0.plusSeconds(1)), 1f, 0f));
        send(enriched(event("u1", EventType.VIEW, "a", T0.plusSeconds(2)), 1f, 0f));

        assertThat(harness.extractOutputValues())
                .as("the restored window had room for one more event of that minute")
                .hasSize(1);
        assertThat(deadLetterReasons()).containsExactly("RATE_LIMITED");

        harness.processElement2(
                Tuple2.of("u1", T0.plusSeconds(2).toEpochMilli()),
                T0.plusSeconds(2).toEpochMilli());
        send(enriched(event("u1", EventType.VIEW, "a", T0.plusSeconds(3)), 1f, 0f));
        assertThat(harness.extractOutputValues())
                .extracting(UserState::getVersion)
                .as("after the forget request the user's window starts again: admitted")
                .endsWith(StateVersions.next(0, T0.plusSeconds(3)));
        assertThat(deadLetterReasons()).containsExactly("RATE_LIMITED");
    }

    @Test
    @DisplayName("the state survives a snapshot and restore, and versions go on from there")
    void stateSurvivesRestore() throws Exception {
        start(config);
        ClickEvent first = event("u1", EventType.VIEW, "a", T0);
        send(enriched(first, 1f, 0f));
        restartFromSnapshot();
        send(enriched(sameIdAs(first), 1f, 0f));
        send(enriched(event("u1", EventType.CLICK, "b", T0.plusSeconds(1)), 0f, 1f));

        assertThat(harness.extractOutputValues())
                .singleElement()
                .extracting(UserState::getVersion)
                .as("the restored state goes on from its version")
                .isEqualTo(StateVersions.next(StateVersions.next(0, T0), T0.plusSeconds(1)));
        assertThat(deadLetterReasons()).containsExactly("DUPLICATE");
        assertThat(harness.extractOutputValues().get(0).getEventCounts())
                .as("the restored state counts the event before the snapshot")
                .containsEntry("VIEW", 1L)
                .containsEntry("CLICK", 1L);
    }

    @Test
    @DisplayName(
            "a forget request clears the user's state and emits a tombstone; events that reached"
                + " Perch before it are dropped even when they come late; the next event starts a"
                + " fresh state at its event-time version, and other users keep theirs")
    void forgetClearsStateAndEmitsTombstone() throws Exception {
        start(config);
        ClickEvent first = event("u1", EventType.VIEW, "a", T0);
        send(enriched(first, 1f, 0f));
        send(enriched(event("u1", EventType.CLICK, "b", T0.plusSeconds(1)), 0f, 1f));
        send(enriched(event("u2", EventType.VIEW, "a", T0), 1f, 0f));

        harness.processElement2(
                Tuple2.of("u1", T0.plusSeconds(2).toEpochMilli()),
                T0.plusSeconds(2).toEpochMilli());
        // late, from before the request (it waited for the catalog): part of the forgotten past
        send(enriched(event("u1", EventType.CLICK, "c", T0.plusSeconds(1)), 0f, 1f));
        ClickEvent after = event("u1", EventType.VIEW, "d", T0.plusSeconds(5));
        send(enriched(after, 1f, 0f));
        send(enriched(event("u2", EventType.CLICK, "c", T0.plusSeconds(3)), 1f, 0f));

        List<UserState> out = harness.extractOutputValues();
        assertThat(out)
                .extracting(s -> s.getUserId() + "@" + s.getVersion())
                .containsExactly(
                        "u1@" + StateVersions.next(0, T0),
                        "u1@" + StateVersions.next(0, T0.plusSeconds(1)),
                        "u2@" + StateVersions.next(0, T0),
                        "u1@-1",
                        "u1@" + StateVersions.next(0, T0.plusSeconds(5)),
                        "u2@" + StateVersions.next(0, T0.plusSeconds(3)));
        assertThat(ForgetRequests.isTombstone(out.get(3))).isTrue();
        UserState fresh = out.get(4);
        assertThat(fresh.getRecentItems())
                .as("nothing of the forgotten history")
                .extracting(r -> r.getItemId())
                .containsExactly("d");
        assertThat(fresh.getFirstSeen()).isEqualTo(after.getEventTime());
        assertThat(harness.getSideOutput(DeadLetters.TAG))
                .as("nothing of it in the dead letters either")
                .isNull();
    }
}
