package dev.perch.streamjobs.itemstats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.itemstats.CoVisit;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.NeighborScores;
import dev.perch.core.itemstats.PopularityCounter;
import dev.perch.core.itemstats.TransitionIndex;
import dev.perch.core.itemstats.TransitionSettings;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import dev.perch.streamjobs.Fixtures;
import dev.perch.streamjobs.ItemSignal;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UpdateNeighborsTest {
    private static final long NOW = 1_000_000L;
    private static final long T0 = Fixtures.T0.toEpochMilli();
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final CoVisitationSettings SETTINGS =
            new CoVisitationSettings(Duration.ofMinutes(30), 5, Duration.ofHours(1), 5);
    private static final TransitionSettings TRANSITIONS =
            new TransitionSettings(Duration.ofMinutes(30), 5, Duration.ofHours(1), 5);

    private KeyedOneInputStreamOperatorTestHarness<String, ItemSignal, ItemNeighbors> harness;

    private void start(int published) throws Exception {
        start(published, published);
    }

    private void start(int neighbors, int followers) throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new UpdateNeighbors(
                                SETTINGS,
                                TRANSITIONS,
                                neighbors,
                                followers,
                                INTERVAL,
                                Duration.ofDays(1)),
                        ItemSignal::item,
                        Types.STRING);
        harness.open();
        harness.setProcessingTime(NOW);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String item, String neighbor, double weight, long time) throws Exception {
        harness.processElement(ItemSignal.coVisit(new CoVisit(item, neighbor, weight, time)), time);
    }

    private void follow(String item, String follower, double weight, long time) throws Exception {
        harness.processElement(
                ItemSignal.transition(new CoVisit(item, follower, weight, time)), time);
    }

    @Test
    @DisplayName(
            "transitions fill the item's followers (perch-core's TransitionIndex scores), not its"
                    + " neighbours, and both lists go out in one record")
    void transitionsAreFollowers() throws Exception {
        start(5);
        TransitionIndex expected = new TransitionIndex(TRANSITIONS);
        send("a", "n", 1.0, T0);
        long[] times = {T0, T0 + 600_000, T0 + 3_600_000};
        String[] followers = {"b", "c", "b"};
        for (int i = 0; i < times.length; i++) {
            follow("a", followers[i], 1.0 / (1 + i), times[i]);
            expected.add(new CoVisit("a", followers[i], 1.0 / (1 + i), times[i]));
        }
        harness.setProcessingTime(NOW + INTERVAL.toMillis());

        List<ItemNeighbors> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getNeighbors())
                .extracting(ScoredItem::getItemId)
                .containsExactly("n");
        List<ScoredItem> published = out.get(0).getFollowers();
        List<dev.perch.core.recommend.ScoredId> top = expected.followers("a", 5);
        assertThat(published).extracting(ScoredItem::getItemId).containsExactly("b", "c");
        for (int i = 0; i < top.size(); i++) {
            assertThat(published.get(i).getScore())
                    .isCloseTo(
                            top.get(i).score(),
                            org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
    }

    @Test
    @DisplayName(
            "an item's neighbours are published at most once per interval, the latest list, with"
                    + " growing versions")
    void publishesThrottledLatest() throws Exception {
        start(5);
        send("a", "b", 1.0, T0);
        send("a", "c", 0.5, T0 + 1_000);
        send("a", "b", 1.0, T0 + 2_000);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(NOW + INTERVAL.toMillis());
        send("a", "c", 3.0, T0 + 3_000);
        harness.setProcessingTime(NOW + 2 * INTERVAL.toMillis());

        List<ItemNeighbors> out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).getNeighbors())
                .extracting(ScoredItem::getItemId)
                .containsExactly("b", "c");
        assertThat(out.get(1).getNeighbors())
                .extracting(ScoredItem::getItemId)
                .containsExactly("c", "b");
        assertThat(out.get(1).getVersion()).isGreaterThan(out.get(0).getVersion());
        assertThat(out.get(1).getUpdatedAt().toEpochMilli()).isEqualTo(T0 + 3_000);
    }

    @Test
    @DisplayName(
            "neighbours and followers are each cut to their own published count (what the"
                    + " gatherer takes per anchor of each)")
    void eachListHasItsOwnPublishedCount() throws Exception {
        start(1, 3);
        for (int i = 0; i < 4; i++) {
            send("a", "n" + i, 1.0 + i, T0 + i);
            follow("a", "f" + i, 1.0 + i, T0 + i);
        }
        harness.setProcessingTime(NOW + INTERVAL.toMillis());

        ItemNeighbors out = harness.extractOutputValues().get(0);
        assertThat(out.getNeighbors()).extracting(ScoredItem::getItemId).containsExactly("n3");
        assertThat(out.getFollowers())
                .extracting(ScoredItem::getItemId)
                .containsExactly("f3", "f2", "f1");
    }

    @Test
    @DisplayName(
            "visits add up to the item's all-time popularity, the evaluator's PopularityCounter"
                    + " count, published with its lists; an item with visits only is published too")
    void visitsAreThePopularityCountersCount() throws Exception {
        start(5);
        PopularityCounter expected = new PopularityCounter(10);
        double[] weights = {1.0, 3.0, 1.0, 5.0};
        for (int i = 0; i < weights.length; i++) {
            visit("a", weights[i], T0 + i * 1_000L);
            expected.add("a", weights[i]);
        }
        send("a", "b", 1.0, T0);
        visit("lonely", 2.0, T0 + 500);
        expected.add("lonely", 2.0);
        harness.setProcessingTime(NOW + INTERVAL.toMillis());
        visit("a", 1.0, T0 + 9_000);
        expected.add("a", 1.0);
        harness.setProcessingTime(NOW + 2 * INTERVAL.toMillis());

        List<ItemNeighbors> out = harness.extractOutputValues();
        ItemNeighbors lonely =
                out.stream().filter(r -> r.getItemId().equals("lonely")).findFirst().orElseThrow();
        assertThat(lonely.getPopularity()).isEqualTo(expected.count("lonely"));
        assertThat(lonely.getNeighbors()).isEmpty();
        assertThat(lonely.getUpdatedAt().toEpochMilli()).isEqualTo(T0 + 500);
        List<ItemNeighbors> ofA = out.stream().filter(r -> r.getItemId().equals("a")).toList();
        assertThat(ofA).hasSize(2);
        assertThat(ofA.get(0).getPopularity()).isEqualTo(10.0);
        assertThat(ofA.get(1).getPopularity()).isEqualTo(expected.count("a"));
        assertThat(ofA.get(1).getNeighbors())
                .as("a visit-only publication keeps the stored neighbours")
                .extracting(ScoredItem::getItemId)
                .containsExactly("b");
        assertThat(ofA.get(1).getVersion()).isGreaterThan(ofA.get(0).getVersion());
    }

    private void visit(String item, double weight, long time) throws Exception {
        harness.processElement(ItemSignal.visit(item, weight, time), time);
    }

    @Test
    @DisplayName("the published scores are perch-core's NeighborScores for the same co-visits")
    void scoresAreTheSharedRulesScores() throws Exception {
        start(5);
        NeighborScores expected = new NeighborScores(SETTINGS);
        long[] times = {T0, T0 + 600_000, T0 + 3_600_000, T0 + 1_800_000};
        String[] neighbors = {"b", "c", "b", "d"};
        for (int i = 0; i < times.length; i++) {
            send("a", neighbors[i], 1.0 + i, times[i]);
            expected.add(neighbors[i], 1.0 + i, times[i]);
        }
        harness.setProcessingTime(NOW + INTERVAL.toMillis());

        List<ScoredItem> published = harness.extractOutputValues().get(0).getNeighbors();
        assertThat(published).hasSameSizeAs(expected.top(5));
        for (int i = 0; i < published.size(); i++) {
            assertThat(published.get(i).getItemId()).isEqualTo(expected.top(5).get(i).itemId());
            assertThat(published.get(i).getScore())
                    .isCloseTo(
                            expected.top(5).get(i).score(),
                            org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
    }

    @Test
    @DisplayName(
            "signals combined per publication give exactly the lists of applying each on arrival:"
                    + " co-visits and transitions interleaved over two intervals, with eviction")
    void combinedSignalsEqualOneByOne() throws Exception {
        start(5);
        NeighborScores expectedNeighbors = new NeighborScores(SETTINGS);
        TransitionIndex expectedFollowers = new TransitionIndex(TRANSITIONS);
        java.util.Random random = new java.util.Random(7);
        for (int round = 1; round <= 2; round++) {
            for (int i = 0; i < 400; i++) {
                long time = T0 + round * 10_000_000L + i * 1_000L;
                String other = "n-" + random.nextInt(12);
                double weight = 0.1 + random.nextDouble();
                if (random.nextBoolean()) {
                    send("a", other, weight, time);
                    expectedNeighbors.add(other, weight, time);
                } else {
                    follow("a", other, weight, time);
                    expectedFollowers.add(new CoVisit("a", other, weight, time));
                }
            }
            harness.setProcessingTime(NOW + round * INTERVAL.toMillis());
        }

        List<ItemNeighbors> out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        ItemNeighbors last = out.get(1);
        assertSameScores(last.getNeighbors(), expectedNeighbors.top(5));
        assertSameScores(last.getFollowers(), expectedFollowers.followers("a", 5));
    }

    private static void assertSameScores(
            List<ScoredItem> published, List<dev.perch.core.recommend.ScoredId> expected) {
        assertThat(published)
                .extracting(ScoredItem::getItemId)
                .containsExactlyElementsOf(
                        expected.stream().map(dev.perch.core.recommend.ScoredId::itemId).toList());
        for (int i = 0; i < published.size(); i++) {
            assertThat(published.get(i).getScore())
                    .isCloseTo(
                            expected.get(i).score(),
                            org.assertj.core.data.Percentage.withPercentage(1e-9));
        }
    }

    @Test
    @DisplayName("with thousands of distinct neighbours an item keeps at most maxNeighbors of them")
    void stateIsBounded() throws Exception {
        start(5);
        for (int i = 0; i < 3_000; i++) {
            send("hub", "n-" + i, 1.0, T0 + i);
        }
        send("hub", "strong", 50.0, T0 + 3_000);
        harness.setProcessingTime(NOW + INTERVAL.toMillis());

        ItemNeighbors published = harness.extractOutputValues().get(0);
        assertThat(published.getNeighbors()).hasSize(SETTINGS.maxNeighbors());
        assertThat(published.getNeighbors().get(0).getItemId()).isEqualTo("strong");
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "signals wait on the heap, not in keyed state, until their publication: no state is"
                    + " written per signal")
    void signalsWaitOnTheHeap() throws Exception {
        start(5);
        send("a", "b", 1.0, T0);
        follow("a", "c", 1.0, T0);
        visit("d", 1.0, T0);
        assertThat(harness.numKeyedStateEntries()).isZero();

        harness.setProcessingTime(NOW + INTERVAL.toMillis());
        assertThat(harness.extractOutputValues())
                .extracting(ItemNeighbors::getItemId)
                .containsExactly("a", "d");
        assertThat(harness.numKeyedStateEntries())
                .as("a's neighbours and followers, d's popularity")
                .isEqualTo(3);
    }

    @Test
    @DisplayName(
            "before a checkpoint barrier the buffered signals are published and written to keyed"
                    + " state, so a restore from that snapshot keeps them")
    void bufferIsInTheSnapshot() throws Exception {
        start(5);
        send("a", "b", 1.0, T0);
        harness.setProcessingTime(NOW + INTERVAL.toMillis());
        long firstVersion = harness.extractOutputValues().get(0).getVersion();
        send("a", "c", 2.0, T0 + 1_000);
        harness.prepareSnapshotPreBarrier(1L);
        var snapshot = harness.snapshot(1L, 1L);
        List<ItemNeighbors> beforeBarrier = harness.extractOutputValues();
        assertThat(beforeBarrier).hasSize(2);
        assertThat(beforeBarrier.get(1).getNeighbors())
                .extracting(ScoredItem::getItemId)
                .containsExactly("c", "b");
        harness.close();

        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new UpdateNeighbors(
                                SETTINGS, TRANSITIONS, 5, 5, INTERVAL, Duration.ofDays(1)),
                        ItemSignal::item,
                        Types.STRING);
        harness.setProcessingTime(NOW + INTERVAL.toMillis());
        harness.initializeState(snapshot);
        harness.open();
        send("a", "d", 0.5, T0 + 2_000);
        harness.setProcessingTime(NOW + 2 * INTERVAL.toMillis());

        ItemNeighbors restored = harness.extractOutputValues().get(0);
        assertThat(restored.getNeighbors())
                .extracting(ScoredItem::getItemId)
                .containsExactly("c", "b", "d");
        assertThat(restored.getVersion()).isGreaterThan(beforeBarrier.get(1).getVersion());
        assertThat(beforeBarrier.get(1).getVersion()).isGreaterThan(firstVersion);
    }

    @Test
    @DisplayName("the end of a bounded input publishes what is buffered")
    void endOfInputPublishes() throws Exception {
        start(5);
        send("a", "b", 1.0, T0);
        harness.endInput();

        assertThat(harness.extractOutputValues())
                .extracting(ItemNeighbors::getItemId)
                .containsExactly("a");
    }

    @Test
    @DisplayName(
            "a full buffer is published at once, before the interval ends, so the heap it takes is"
                    + " bounded")
    void fullBufferPublishesEarly() throws Exception {
        start(5);
        for (int i = 0; i < UpdateNeighbors.MAX_BUFFERED_SIGNALS - 1; i++) {
            send("item-" + (i % 1_000), "n", 1.0, T0 + i);
        }
        assertThat(harness.extractOutputValues()).isEmpty();
        send("item-0", "n", 1.0, T0);

        assertThat(harness.extractOutputValues()).hasSize(1_000);
        harness.setProcessingTime(NOW + INTERVAL.toMillis());
        assertThat(harness.extractOutputValues()).as("nothing left to publish").hasSize(1_000);
    }
}
