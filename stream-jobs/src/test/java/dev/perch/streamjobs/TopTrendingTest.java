package dev.perch.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ScoredItem;
import dev.perch.events.TrendingItems;
import dev.perch.streamjobs.itemstats.TrendingCount;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TopTrendingTest {
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final long END = Fixtures.T0.toEpochMilli();

    private KeyedOneInputStreamOperatorTestHarness<String, TrendingCount, TrendingItems> harness;

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String scope, String item, double count, long windowEnd) throws Exception {
        harness.processElement(
                new TrendingCount(scope, item, null, count, windowEnd), windowEnd - 1);
    }

    @Test
    @DisplayName(
            "a scope's list is published when the watermark passes the window end: top-N by"
                    + " count, ties by item id, state cleared")
    void publishesTopNAtWindowEnd() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new TopTrending(3, WINDOW), TrendingCount::scope, Types.STRING);
        send("Shoes", "a", 2, END);
        send("Shoes", "b", 5, END);
        send("Shoes", "c", 2, END);
        send("Shoes", "d", 1, END);
        send("Shoes", "e", 4, END + 300_000);
        harness.processWatermark(END - 2);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(END);

        TrendingItems list = harness.extractOutputValues().get(0);
        assertThat(list.getScope()).isEqualTo("Shoes");
        assertThat(list.getItems())
                .extracting(ScoredItem::getItemId)
                .containsExactly("b", "a", "c");
        assertThat(list.getWindowStart().toEpochMilli()).isEqualTo(END - WINDOW.toMillis());
        assertThat(list.getWindowEnd().toEpochMilli()).isEqualTo(END);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }
}
