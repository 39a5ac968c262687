package dev.perch.streamjobs.itemstats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.itemstats.PopularityCounter;
import dev.perch.core.recommend.CandidateSources;
import dev.perch.core.recommend.ScoredId;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import dev.perch.events.TrendingItems;
import dev.perch.streamjobs.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TopPopularTest {
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final long NOW = 1_000_000L;
    private static final long T0 = Fixtures.T0.toEpochMilli();

    private KeyedOneInputStreamOperatorTestHarness<String, ItemNeighbors, TrendingItems> harness;

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    @DisplayName(
            "from each item's published all-time count, the all-time list is the evaluator's"
                    + " PopularityCounter top (count, then item id), published once per interval")
    void topIsThePopularityCountersTop() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new TopPopular(5, INTERVAL), r -> CandidateSources.ALL_TIME, Types.STRING);
        harness.setProcessingTime(NOW);
        PopularityCounter expected = new PopularityCounter(1_000);
        Map<String, Double> counts = new HashMap<>();
        Random random = new Random(3);
        long newest = T0;
        for (int i = 0; i < 400; i++) {
            String item = "i" + random.nextInt(40);
            double weight = 1 + random.nextInt(3);
            expected.add(item, weight);
            double count = counts.merge(item, weight, Double::sum);
            newest = T0 + i * 1_000L;
            harness.processElement(record(item, count, newest), newest);
        }
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(NOW + INTERVAL.toMillis());

        List<TrendingItems> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        TrendingItems list = out.get(0);
        assertThat(list.getScope()).isEqualTo(CandidateSources.ALL_TIME);
        List<ScoredId> top = expected.top(5);
        assertThat(list.getItems())
                .extracting(ScoredItem::getItemId)
                .containsExactlyElementsOf(top.stream().map(ScoredId::itemId).toList());
        assertThat(list.getItems())
                .extracting(ScoredItem::getScore)
                .containsExactlyElementsOf(top.stream().map(ScoredId::score).toList());
        assertThat(list.getWindowEnd().toEpochMilli()).isEqualTo(newest + 1);
        assertThat(harness.numKeyedStateEntries())
                .as("the top list, the newest time, nothing per item")
                .isEqualTo(2);
    }

    private static ItemNeighbors record(String item, double popularity, long time) {
        return ItemNeighbors.newBuilder()
                .setItemId(item)
                .setVersion(time)
                .setUpdatedAt(Instant.ofEpochMilli(time))
                .setPopularity(popularity)
                .build();
    }
}
