package dev.perch.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.core.EnrichedEvent;
import dev.perch.core.itemstats.VisitWeights;
import dev.perch.events.EventType;
import dev.perch.streamjobs.itemstats.TrendingCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TrendingWindowsTest {
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration SLIDE = Duration.ofMinutes(2);
    private static final long T0 = Fixtures.T0.toEpochMilli();

    private KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TrendingCount> harness;
    private int consumed;

    private void start() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new TrendingWindows(WINDOW, SLIDE)),
                        e -> e.event().getItemId(),
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static EnrichedEvent visit(String item, EventType type, long time) {
        return new EnrichedEvent(
                Fixtures.event("u", type, item, Instant.ofEpochMilli(time)), null, "cat-" + item);
    }

    /** Key of an emitted window: item and window end. */
    private record WindowKey(String item, long end) implements Comparable<WindowKey> {
        @Override
        public int compareTo(WindowKey o) {
            int byEnd = Long.compare(end, o.end);
            return byEnd != 0 ? byEnd : item.compareTo(o.item);
        }
    }

    @Test
    @DisplayName(
            "the windows and sums of Flink's sliding event-time windows: every window with a visit"
                + " is emitted once, when the watermark passes its end, with the weighted visits it"
                + " holds; late visits count only in the windows not emitted yet")
    void sameAsSlidingWindows() throws Exception {
        start();
        Random random = new Random(11);
        long window = WINDOW.toMillis();
        long slide = SLIDE.toMillis();
        Map<WindowKey, Double> expected = new TreeMap<>();
        Map<WindowKey, Double> emitted = new TreeMap<>();
        long watermark = Long.MIN_VALUE;
        long clock = T0;
        EventType[] types = {EventType.VIEW, EventType.CLICK, EventType.ADD_TO_CART};
        for (int i = 0; i < 4_000; i++) {
            clock += random.nextInt(4_000);
            // mostly in order, some up to 6 minutes late (behind the watermark)
            long time = clock - (random.nextInt(10) == 0 ? random.nextInt(360_000) : 0);
            String item = "i" + random.nextInt(25);
            EventType type = types[random.nextInt(types.length)];
            harness.processElement(visit(item, type, time), time);
            // the reference: the event's sliding windows (Flink's assignment) not yet emitted
            long lastStart = Math.floorDiv(time, slide) * slide;
            for (long start = lastStart; start > time - window; start -= slide) {
                long end = start + window;
                if (end - 1 > watermark) {
                    expected.merge(new WindowKey(item, end), VisitWeights.of(type), Double::sum);
                }
            }
            if (random.nextInt(20) == 0) {
                watermark = Math.max(watermark, clock - 5_000);
                harness.processWatermark(watermark);
                collect(emitted, watermark);
            }
        }
        harness.processWatermark(Long.MAX_VALUE);
        collect(emitted, Long.MAX_VALUE);

        assertThat(emitted.keySet()).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<WindowKey, Double> e : expected.entrySet()) {
            assertThat(emitted.get(e.getKey())).as(e.getKey().toString()).isEqualTo(e.getValue());
        }
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    /** Moves the new outputs into {@code emitted}, checking each was due and not seen before. */
    private void collect(Map<WindowKey, Double> emitted, long watermark) {
        List<TrendingCount> all = harness.extractOutputValues(); // everything so far
        for (TrendingCount count : all.subList(consumed, all.size())) {
            WindowKey key = new WindowKey(count.itemId(), count.windowEnd());
            assertThat(emitted).as("emitted twice: " + key).doesNotContainKey(key);
            assertThat(count.windowEnd() - 1).isLessThanOrEqualTo(watermark);
            assertThat(count.category()).isEqualTo("cat-" + count.itemId());
            emitted.put(key, count.count());
        }
        consumed = all.size();
    }

    @Test
    @DisplayName(
            "one state update per visit: an item's state is one entry however many windows its"
                    + " visits fall in, and it is gone once its last window is emitted")
    void boundedState() throws Exception {
        start();
        for (int i = 0; i < 50; i++) {
            harness.processElement(visit("a", EventType.VIEW, T0 + i * 1_000L), T0 + i * 1_000L);
        }
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(T0 + WINDOW.toMillis() + SLIDE.toMillis());
        List<TrendingCount> first = new ArrayList<>(harness.extractOutputValues());
        assertThat(first).isNotEmpty();
        harness.processWatermark(T0 + 3 * WINDOW.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    @DisplayName("a window that is not a multiple of the slide is refused")
    void windowMustBeAMultipleOfTheSlide() {
        assertThatThrownBy(() -> new TrendingWindows(Duration.ofMinutes(10), Duration.ofMinutes(3)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
