package dev.perch.streamjobs;

import static dev.perch.streamjobs.Fixtures.T0;
import static dev.perch.streamjobs.Fixtures.event;
import static dev.perch.streamjobs.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.EnrichedEvent;
import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.EventType;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EnrichWithCatalogTest {
    private static final long START = 1_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private KeyedTwoInputStreamOperatorTestHarness<String, ClickEvent, CatalogEntry, EnrichedEvent>
            harness;

    private void start(UnknownItemPolicy policy, int maxPending) throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new EnrichWithCatalog(WAIT, maxPending, policy),
                        ClickEvent::getItemId,
                        CatalogEntry::itemId,
                        Types.STRING);
        harness.setProcessingTime(START);
    }

    /**
     * An enrichment keeping at most {@code cachedItems} items decoded, restored from a snapshot.
     */
    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, ClickEvent, CatalogEntry, EnrichedEvent>
            harness(int cachedItems, OperatorSubtaskState restored) throws Exception {
        var h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(
                                new EnrichWithCatalog(
                                        WAIT,
                                        10,
                                        UnknownItemPolicy.ENRICH_WITHOUT_EMBEDDING,
                                        DeadLetters.STAGE,
                                        cachedItems)),
                        ClickEvent::getItemId,
                        CatalogEntry::itemId,
                        Types.STRING);
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        h.setProcessingTime(START);
        return h;
    }

    private List<float[]> embeddingsOf(String item, int events) throws Exception {
        harness.getOutput().clear();
        for (int i = 0; i < events; i++) {
            send(event("u" + i, EventType.VIEW, item, T0));
        }
        return harness.extractOutputValues().stream().map(EnrichedEvent::embedding).toList();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void sendItem(String id, String category, float... embedding) throws Exception {
        harness.processElement2(
                new CatalogEntry(id, ItemFeatures.of(item(id, category, embedding))), 0L);
    }

    private void send(ClickEvent e) throws Exception {
        harness.processElement1(e, e.getEventTime().toEpochMilli());
    }

    @Test
    @DisplayName("an event of a catalog item carries the item's embedding and top-level category")
    void enrichesKnownItems() throws Exception {
        start(UnknownItemPolicy.ENRICH_WITHOUT_EMBEDDING, 10);
        sendItem("a", "Shoes", 1f, 2f);
        send(event("u1", EventType.VIEW, "a", T0));

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.embedding()).containsExactly(1f, 2f);
                            assertThat(e.category()).isEqualTo("Shoes");
                        });
    }

    @Test
    @DisplayName("an event that arrives before its item waits for it and is then enriched")
    void waitsForTheCatalog() throws Exception {
        start(UnknownItemPolicy.ENRICH_WITHOUT_EMBEDDING, 10);
        send(event("u1", EventType.VIEW, "a", T0));
        assertThat(harness.extractOutputValues()).isEmpty();

        sendItem("a", "Shoes", 1f, 2f);

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(e -> assertThat(e.embedding()).containsExactly(1f, 2f));
    }

    @Test
    @DisplayName(
            "an item that never arrives lets its events go on without an embedding, state cleared")
    void unknownItemsGoOnWithoutEmbedding() throws Exception {
        start(UnknownItemPolicy.ENRICH_WITHOUT_EMBEDDING, 10);
        send(event("u1", EventType.VIEW, "ghost", T0));
        send(event("u2", EventType.VIEW, "ghost", T0));

        harness.setProcessingTime(START + WAIT.toMillis());

        assertThat(harness.extractOutputValues())
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.hasEmbedding()).isFalse());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.getSideOutput(DeadLetters.TAG)).isNull();
    }

    @Test
    @DisplayName(
            "with the DEAD_LETTER policy an item that never arrives gives UNKNOWN_ITEM dead"
                    + " letters")
    void unknownItemsCanBeDeadLetters() throws Exception {
        start(UnknownItemPolicy.DEAD_LETTER, 10);
        send(event("u1", EventType.VIEW, "ghost", T0));
        harness.setProcessingTime(START + WAIT.toMillis());

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(DeadLetters.TAG))
                .extracting(StreamRecord::getValue)
                .extracting(DeadLetter::getReason)
                .containsExactly("UNKNOWN_ITEM");
    }

    @Test
    @DisplayName("no more than maxPendingPerItem events wait per item; the rest go on at once")
    void pendingEventsAreBounded() throws Exception {
        start(UnknownItemPolicy.ENRICH_WITHOUT_EMBEDDING, 3);
        for (int i = 0; i < 10; i++) {
            send(event("u" + i, EventType.VIEW, "ghost", T0));
        }

        assertThat(harness.extractOutputValues()).hasSize(7);
        harness.setProcessingTime(START + WAIT.toMillis());
        assertThat(harness.extractOutputValues()).hasSize(10);
    }

    @Test
    @DisplayName("a tombstone removes the item: later events wait again")
    void tombstoneRemovesItem() throws Exception {
        start(UnknownItemPolicy.ENRICH_WITHOUT_EMBEDDING, 10);
        sendItem("a", "Shoes", 1f, 2f);
        harness.processElement2(new CatalogEntry("a", null), 0L);
        send(event("u1", EventType.VIEW, "a", T0));

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    @DisplayName(
            "events of a cached item follow every change of its features, and wait again after"
                    + " its tombstone")
    void cachedFeaturesFollowTheCatalog() throws Exception {
        harness = harness(10, null);
        sendItem("a", "Shoes", 1f, 2f);
        assertThat(embeddingsOf("a", 2))
                .containsExactly(new float[] {1f, 2f}, new float[] {1f, 2f});

        sendItem("a", "Shoes", 3f, 4f);
        assertThat(embeddingsOf("a", 2))
                .containsExactly(new float[] {3f, 4f}, new float[] {3f, 4f});

        harness.processElement2(new CatalogEntry("a", null), 0L);
        assertThat(embeddingsOf("a", 1)).isEmpty(); // waits for the item again
    }

    @Test
    @DisplayName(
            "with more items than the cache holds, each event still gets its own item's features"
                    + " (the evicted ones are read from the keyed state)")
    void evictedItemsAreReadFromState() throws Exception {
        harness = harness(1, null);
        for (int i = 0; i < 5; i++) {
            sendItem("i" + i, "C", i, i);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5; i++) {
                assertThat(embeddingsOf("i" + i, 1))
                        .as("round %d item %d", round, i)
                        .containsExactly(new float[] {i, i});
            }
        }
    }

    @Test
    @DisplayName(
            "after a restore (a new instance: empty cache) events get the checkpointed features,"
                    + " and a change after the restore wins over them")
    void restoredFeaturesComeFromState() throws Exception {
        harness = harness(10, null);
        sendItem("a", "Shoes", 1f, 2f);
        embeddingsOf("a", 1); // cached in this instance
        OperatorSubtaskState snapshot = harness.snapshot(1L, START);
        harness.close();

        harness = harness(10, snapshot);
        assertThat(embeddingsOf("a", 1)).containsExactly(new float[] {1f, 2f});
        sendItem("a", "Shoes", 5f, 6f);
        assertThat(embeddingsOf("a", 1)).containsExactly(new float[] {5f, 6f});
    }

    @Test
    @DisplayName(
            "without a cache (0 items) every event reads the keyed state, with the same result")
    void withoutACache() throws Exception {
        harness = harness(0, null);
        sendItem("a", "Shoes", 1f, 2f);
        sendItem("a", "Shoes", 3f, 4f);
        assertThat(embeddingsOf("a", 2))
                .containsExactly(new float[] {3f, 4f}, new float[] {3f, 4f});
    }
}
