package dev.perch.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.recommend.CandidateSources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PreAggregateTrendingTest {
    private static final long END = Fixtures.T0.toEpochMilli();
    private static final int TOP_N = 5;
    private static final Comparator<TrendingCount> STRONGEST_FIRST =
            Comparator.comparing(TrendingCount::count, Comparator.reverseOrder())
                    .thenComparing(TrendingCount::itemId);

    private static OneInputStreamOperatorTestHarness<TrendingCount, TrendingCount> subtask()
            throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new PreAggregateTrending(TOP_N));
        harness.open();
        return harness;
    }

    private static void send(
            OneInputStreamOperatorTestHarness<TrendingCount, TrendingCount> h, TrendingCount c)
            throws Exception {
        h.processElement(c, c.windowEnd() - 1);
    }

    private static List<String> topIds(List<TrendingCount> counts, String scope) {
        return counts.stream()
                .filter(c -> scope.equals(c.scope()))
                .sorted(STRONGEST_FIRST)
                .limit(TOP_N)
                .map(TrendingCount::itemId)
                .toList();
    }

    @Test
    @DisplayName(
            "two subtasks forward only their top N per scope, and the union's top N equals the top"
                    + " N over every item (ties by item id)")
    void unionOfSubtaskTopsIsTheExactTop() throws Exception {
        var first = subtask();
        var second = subtask();
        Random random = new Random(5);
        List<TrendingCount> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String category = i % 2 == 0 ? "Shoes" : "Bags";
            // few distinct counts, so many ties are decided by item id
            TrendingCount c =
                    new TrendingCount(
                            null, String.format("i%03d", i), category, random.nextInt(6), END);
            all.add(c);
            send(i % 3 == 0 ? first : second, c);
        }
        first.processWatermark(END - 2);
        second.processWatermark(END - 2);
        assertThat(first.extractOutputValues()).isEmpty();

        first.processWatermark(END - 1);
        second.processWatermark(END - 1);

        List<TrendingCount> forwarded = new ArrayList<>(first.extractOutputValues());
        forwarded.addAll(second.extractOutputValues());
        assertThat(forwarded).hasSize(2 * 3 * TOP_N);
        List<TrendingCount> everyScope = new ArrayList<>();
        for (TrendingCount c : all) {
            everyScope.add(
                    new TrendingCount(CandidateSources.GLOBAL, c.itemId(), null, c.count(), END));
            everyScope.add(new TrendingCount(c.category(), c.itemId(), null, c.count(), END));
        }
        for (String scope : List.of(CandidateSources.GLOBAL, "Shoes", "Bags")) {
            assertThat(topIds(forwarded, scope)).isEqualTo(topIds(everyScope, scope));
        }
        first.close();
        second.close();
    }

    @Test
    @DisplayName("pending tops are emitted before a checkpoint barrier and at the end of the input")
    void nothingIsHeldAcrossACheckpoint() throws Exception {
        var harness = subtask();
        send(harness, new TrendingCount(null, "a", "Shoes", 3, END));
        send(harness, new TrendingCount(null, "b", null, 1, END + 60_000));

        harness.prepareSnapshotPreBarrier(1);

        assertThat(harness.extractOutputValues())
                .extracting(TrendingCount::scope, TrendingCount::itemId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(CandidateSources.GLOBAL, "a"),
                        org.assertj.core.groups.Tuple.tuple("Shoes", "a"),
                        org.assertj.core.groups.Tuple.tuple(CandidateSources.GLOBAL, "b"));
        harness.close();
    }

    @Test
    @DisplayName("a late firing of a window the watermark has passed is forwarded at once")
    void lateFiringIsForwarded() throws Exception {
        var harness = subtask();
        harness.processWatermark(END + 1_000);

        send(harness, new TrendingCount(null, "late", null, 2, END));

        assertThat(harness.extractOutputValues())
                .extracting(TrendingCount::scope, TrendingCount::itemId, TrendingCount::windowEnd)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CandidateSources.GLOBAL, "late", END));
        harness.close();
    }
}
