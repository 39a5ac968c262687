package dev.perch.streamjobs.itemstats;

import static dev.perch.streamjobs.Fixtures.T0;
import static dev.perch.streamjobs.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.itemstats.CoVisit;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.PairWindow;
import dev.perch.core.itemstats.TransitionSettings;
import dev.perch.core.itemstats.TransitionWindow;
import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.streamjobs.ItemSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PairSignalsTest {
    private static final CoVisitationSettings CO_VISITS =
            new CoVisitationSettings(Duration.ofMinutes(30), 4, Duration.ofHours(1), 10);
    private static final TransitionSettings TRANSITIONS =
            new TransitionSettings(Duration.ofMinutes(30), 3, Duration.ofHours(1), 10);

    private KeyedTwoInputStreamOperatorTestHarness<
                    String, ClickEvent, Tuple2<String, Long>, ItemSignal>
            harness;

    @BeforeEach
    void start() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new PairSignals(CO_VISITS, TRANSITIONS, Duration.ofDays(1)),
                        ClickEvent::getUserId,
                        f -> f.f0,
                        Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(ClickEvent e) throws Exception {
        harness.processElement1(e, e.getEventTime().toEpochMilli());
    }

    @Test
    @DisplayName(
            "each visit emits the co-visits of perch-core's PairWindow, then the transitions its"
                    + " TransitionWindow closes, from one state value per user")
    void signalsAreTheWindowsOwn() throws Exception {
        PairWindow pairs = new PairWindow(CO_VISITS);
        TransitionWindow steps = new TransitionWindow(TRANSITIONS);
        List<ItemSignal> expected = new ArrayList<>();
        Random random = new Random(11);
        EventType[] types = {EventType.VIEW, EventType.CLICK, EventType.ADD_TO_CART};
        long seconds = 0;
        for (int i = 0; i < 40; i++) {
            String item = "i" + random.nextInt(8);
            EventType type = types[random.nextInt(types.length)];
            // a gap past max-gap now and then: both windows start a new sequence
            seconds += i % 13 == 12 ? 7_200 : 60;
            var time = T0.plusSeconds(seconds);
            send(event("u1", type, item, time));
            for (CoVisit pair : pairs.add(item, type, time.toEpochMilli())) {
                expected.add(ItemSignal.coVisit(pair));
            }
            for (CoVisit transition : steps.add(item, time.toEpochMilli())) {
                expected.add(ItemSignal.transition(transition));
            }
        }

        assertThat(expected).anyMatch(ItemSignal::follows).anyMatch(s -> !s.follows());
        assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected);
        assertThat(harness.numKeyedStateEntries()).as("one value for both windows").isEqualTo(1);
    }

    @Test
    @DisplayName("visits of no item, and events of no visit weight, enter neither window")
    void onlyVisitsEnter() throws Exception {
        send(event("u1", EventType.VIEW, "a", T0));
        send(event("u1", EventType.SEARCH, null, T0.plusSeconds(1)));
        send(event("u1", EventType.VIEW, "b", T0.plusSeconds(2)));

        assertThat(harness.extractOutputValues())
                .extracting(s -> s.item() + ">" + s.other() + (s.follows() ? " follows" : ""))
                .containsExactlyInAnyOrder("b>a", "a>b", "a>b follows");
    }

    @Test
    @DisplayName(
            "a forget request clears both windows: a later visit pairs with nothing, and a visit"
                    + " sent before the request is dropped when it comes late")
    void forgetClearsBothWindows() throws Exception {
        send(event("u1", EventType.VIEW, "a", T0));
        send(event("u1", EventType.VIEW, "b", T0.plusSeconds(1)));
        int before = harness.extractOutputValues().size();

        harness.processElement2(
                Tuple2.of("u1", T0.plusSeconds(2).toEpochMilli()),
                T0.plusSeconds(2).toEpochMilli());
        send(event("u1", EventType.VIEW, "late", T0.plusSeconds(1)));
        send(event("u1", EventType.VIEW, "c", T0.plusSeconds(5)));
        send(event("u1", EventType.VIEW, "d", T0.plusSeconds(6)));

        List<ItemSignal> after = harness.extractOutputValues().subList(before, before + 3);
        assertThat(harness.extractOutputValues()).hasSize(before + 3);
        assertThat(after)
                .extracting(s -> s.item() + ">" + s.other() + (s.follows() ? " follows" : ""))
                .containsExactlyInAnyOrder("d>c", "c>d", "c>d follows");
    }
}
