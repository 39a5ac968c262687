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
import org.apache.flink.api.common.typeinfo.Types;
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
}
