package dev.perch.modelserver;

import dev.perch.events.UserState;
import dev.perch.events.serde.AvroCodec;
import dev.perch.events.serde.RecordDecodeException;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps {@code latest-user-states}, each user's newest record of perch.user-state as its bytes: a
 * copy of the compacted topic itself, so the topic is the store's changelog (Kafka Streams' {@code
 * Topology.addReadOnlyStateStore}, as its DSL's source-topic optimization does for a table read
 * from a topic). Before issue 16's forty-third session the scorer wrote the store with a changelog
 * of its own, which repeated every user state on a second topic: a produce, a broker append and a
 * log cleaning of each state's 1-2 KB, written once already.
 *
 * <p>The store holds the topic's newest record per user, as the topic's compaction keeps it, and a
 * tombstone (a forgotten user) deletes it. A restore copies the topic's records as they are, so
 * bytes that are no state (a record the deserialization handler sent to perch.dead-letter when it
 * was read) can be in a restored store: {@link #decode} reads them as absent.
 */
final class LatestUserStates implements Processor<String, IncomingState, Void, Void> {
    private static final AvroCodec<UserState> STATES = AvroCodec.of(UserState.class);

    private KeyValueStore<String, byte[]> states;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        states = context.getStateStore(RecommendationTopology.USER_STATE_STORE);
    }

    @Override
    public void process(Record<String, IncomingState> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            states.delete(record.key());
        } else {
            states.put(record.key(), record.value().bytes());
        }
    }

    /**
     * A stored value as a state; empty for bytes that are no state (see the class comment: their
     * record went to perch.dead-letter when the scorer read it).
     */
    static Optional<UserState> decode(byte[] stored) {
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(STATES.decode(stored));
        } catch (RecordDecodeException e) {
            return Optional.empty();
        }
    }
}
