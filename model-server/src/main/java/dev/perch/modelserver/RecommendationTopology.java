package dev.perch.modelserver;

import dev.perch.events.DeadLetter;
import dev.perch.events.Recommendations;
import dev.perch.events.Topics;
import dev.perch.events.UserState;
import dev.perch.events.serde.PerchSerdes;
import java.time.InstantSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The model server's topology, built by a pure method: perch.user-state into the micro-batch scorer
 * (with its two named stores, which hold the states' and the lists' bytes as they travel; the
 * micro-batch buffer itself is in memory, see {@link MicroBatchProcessor}), its lists out to
 * perch.recommendations and the users it could not score to perch.dead-letter.
 */
public final class RecommendationTopology {
    /**
     * The newest state of each user (the demo page's {@code /state}, the search's user, the buffer
     * a starting task rebuilds), as the bytes read from perch.user-state (a {@link UserState} in
     * {@code AvroCodec}'s encoding); that compacted topic is its changelog ({@link
     * LatestUserStates}).
     */
    public static final String USER_STATE_STORE = "latest-user-states";

    /**
     * The list published last for each user, as the bytes sent on perch.recommendations (a {@link
     * Recommendations} in {@code AvroCodec}'s encoding): the REST answer and the version guard.
     */
    public static final String RECOMMENDATIONS_STORE = "latest-recommendations";

    static final String SOURCE = "user-states";
    static final String USER_STATE_WRITER = "latest-user-states-writer";
    static final String SCORER = "micro-batch-scorer";
    static final String SINK = "recommendations";
    static final String DEAD_LETTER_SINK = "dead-letters";

    private RecommendationTopology() {}

    /** The topology around {@code recommender}. */
    public static Topology build(
            BatchRecommender recommender,
            RecommendationListeners listeners,
            ModelServerMetrics metrics,
            MicroBatchProcessor.Batching batching,
            InstantSource clock) {
        Serde<String> keys = Serdes.String();
        Topology topology = new Topology();
        // perch.user-state is compacted by user: it is latest-user-states' changelog, so the store
        // needs none of its own (the store's writer, LatestUserStates, is the source's first child)
        topology.addReadOnlyStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(USER_STATE_STORE),
                                keys,
                                Serdes.ByteArray())
                        // the writes of one commit interval are combined per user before they reach
                        // RocksDB (a user clicking five times in 200 ms costs one write, not five)
                        .withCachingEnabled(),
                SOURCE,
                keys.deserializer(),
                IncomingState.deserializer(),
                Topics.USER_STATE,
                USER_STATE_WRITER,
                LatestUserStates::new);
        // one per instance: the tasks' flushes of a tick share the batch's fixed part
        CombinedBatches combined =
                new CombinedBatches(
                        recommender, batching.maxBatch(), batching.interval().dividedBy(4));
        topology.addProcessor(
                SCORER,
                () ->
                        new MicroBatchProcessor(
                                recommender, combined, listeners, metrics, batching, clock),
                SOURCE);
        // read when a task starts, to rebuild the buffer (the users whose newest state is above
        // their published list)
        topology.connectProcessorAndStateStores(SCORER, USER_STATE_STORE);
        // the bytes of each user's list, as they went out on perch.recommendations (encoded once)
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(RECOMMENDATIONS_STORE),
                                keys,
                                Serdes.ByteArray())
                        .withCachingEnabled(),
                SCORER);
        topology.addSink(SINK, Topics.RECOMMENDATIONS, keys.serializer(), encoded(), SCORER);
        topology.addSink(
                DEAD_LETTER_SINK,
                Topics.DEAD_LETTER,
                keys.serializer(),
                anyRecord(PerchSerdes.serializer(DeadLetter.class)),
                SCORER);
        return topology;
    }

    /** A serializer of one record type for a sink fed records of several (each to its own sink). */
    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Serializer<Object> anyRecord(
            Serializer<T> serializer) {
        return (topic, value) -> serializer.serialize(topic, (T) value);
    }

    /** The sink of records the processor forwards already encoded (a list's bytes, or null). */
    private static Serializer<Object> encoded() {
        return (topic, value) -> (byte[]) value;
    }
}
