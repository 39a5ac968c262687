package dev.perch.streamjobs.userstate;

import dev.perch.core.EnrichedEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.UserState;
import dev.perch.streamjobs.DeadLetters;
import dev.perch.streamjobs.EventInput;
import dev.perch.streamjobs.ForgetRequests;
import dev.perch.streamjobs.KafkaRecord;
import dev.perch.streamjobs.MemtableFilter;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The user-state job: perch.events enriched with the catalog (keyed by item), then each user's
 * state updated in RocksDB keyed state (keyed by user) and emitted to perch.user-state; rejected
 * records of every stage go to perch.dead-letter. A forget request clears the user's state and
 * writes a tombstone to perch.user-state ({@link ForgetRequests}).
 *
 * <p>Shaped like flink-training's jobs: sources and sinks come in through the constructor, so tests
 * run the very same graph on their own sources and sinks; {@link #execute} runs it.
 */
public final class UserStateJob {
    /** Stable operator ids: savepoints map state to operators by these, never change them. */
    public static final String UID_EVENTS_SOURCE = EventInput.UID_EVENTS_SOURCE;

    public static final String UID_ITEMS_SOURCE = EventInput.UID_ITEMS_SOURCE;
    public static final String UID_DECODE_EVENTS = EventInput.UID_DECODE_EVENTS;
    public static final String UID_DECODE_CATALOG = EventInput.UID_DECODE_CATALOG;
    public static final String UID_ENRICH = EventInput.UID_ENRICH;
    public static final String UID_SEARCHES = "searches-without-item";
    public static final String UID_UPDATE_USER_STATE = "update-user-state";
    public static final String UID_USER_STATE_SINK = "user-state-sink";
    public static final String UID_DEAD_LETTER_SINK = "dead-letter-sink";

    private final Source<KafkaRecord, ?, ?> events;
    private final Source<KafkaRecord, ?, ?> items;
    private final Sink<UserState> userStates;
    private final Sink<DeadLetter> deadLetters;
    private final UserStateJobConfig config;

    public UserStateJob(
            Source<KafkaRecord, ?, ?> events,
            Source<KafkaRecord, ?, ?> items,
            Sink<UserState> userStates,
            Sink<DeadLetter> deadLetters,
            UserStateJobConfig config) {
        this.events = events;
        this.items = items;
        this.userStates = userStates;
        this.deadLetters = deadLetters;
        this.config = config;
    }

    /** The job on the Kafka topics of its configuration. */
    public static UserStateJob onKafka(UserStateJobConfig config) {
        return new UserStateJob(
                UserStateKafka.eventsSource(config),
                UserStateKafka.itemsSource(config),
                UserStateKafka.userStateSink(config),
                UserStateKafka.deadLetterSink(config),
                config);
    }

    /**
     * The Flink settings this job needs: RocksDB with incremental checkpoints, the checkpoint
     * interval, no Kryo fallback. Applied to an environment by {@link #configure}.
     */
    public static Configuration flinkConfiguration(UserStateJobConfig config) {
        return flinkConfiguration(
                config.maxParallelism(), config.checkpointInterval(), config.bufferTimeout());
    }

    /** The Flink settings every Perch stream job runs with. */
    public static Configuration flinkConfiguration(
            int maxParallelism, Duration checkpointInterval, Duration bufferTimeout) {
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // many keyed-state reads per event look for a key that is not there (the new event id in
        // the dedup map, the forget time of a user who never asked one, a new user or item): a
        // bloom filter answers those without reading a block of every SST file
        flink.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        // and the memtables a filter of their own (the SST files' filters do not cover them)
        flink.set(RocksDBOptions.OPTIONS_FACTORY, MemtableFilter.class.getName());
        // timers on the heap: a timer registration per event (the dedup window's) cost a RocksDB
        // write; the live timers are those of the users and items active within a window, few
        // enough for the heap (issue 16: both together took 10 % off the stream jobs' CPU)
        flink.set(
                RocksDBOptions.TIMER_SERVICE_FACTORY,
                EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP);
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        flink.set(PipelineOptions.MAX_PARALLELISM, maxParallelism);
        // Flink's default (100 ms) holds a partly filled buffer that long at every keyed exchange:
        // at a few hundred events/s that wait, not the work, was most of the click-to-state time
        flink.set(ExecutionOptions.BUFFER_TIMEOUT, bufferTimeout);
        // chained operators hand records on without a deep copy (Avro copies were a tenth of the
        // item-statistics job's CPU). Safe here: no function keeps an input on the heap (all
        // buffering is keyed RocksDB state, which serializes) except UpdateNeighbors' buffer,
        // whose inputs come off the network (records read from the network are always fresh
        // objects) and are immutable records, and EnrichWithCatalog's cache of item features
        // (immutable records, handed on inside the events they enrich); none mutates its input
        // (states are built with Avro builders, the per-item types are immutable records)
        flink.set(PipelineOptions.OBJECT_REUSE, true);
        return flink;
    }

    /** Applies {@link #flinkConfiguration} to this environment. */
    public static StreamExecutionEnvironment configure(
            StreamExecutionEnvironment env, UserStateJobConfig config) {
        env.configure(flinkConfiguration(config));
        env.setMaxParallelism(config.maxParallelism());
        return env;
    }

    /** Builds the graph on this environment and runs it until the sources end. */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute("perch-user-state");
    }

    /** Builds the graph on this environment and submits it without waiting; for tests and tools. */
    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync("perch-user-state");
    }

    /** Builds the graph on this environment without running it. */
    public void build(StreamExecutionEnvironment env) {
        EventInput.Streams input = EventInput.build(env, events, items, config.input());
        DataStream<EnrichedEvent> searches =
                input.events()
                        .filter(e -> e.getItemId() == null)
                        .name("events without an item")
                        .map(EnrichedEvent::withoutItem)
                        .returns(TypeInformation.of(EnrichedEvent.class))
                        .uid(UID_SEARCHES)
                        .name("searches");

        SingleOutputStreamOperator<UserState> states =
                input.enriched()
                        .union(searches)
                        .keyBy(e -> e.event().getUserId(), TypeInformation.of(String.class))
                        .connect(input.forgets().keyBy(f -> f.f0, TypeInformation.of(String.class)))
                        .process(new UpdateUserState(config))
                        .returns(TypeInformation.of(UserState.class))
                        .uid(UID_UPDATE_USER_STATE)
                        .name("update user state");

        states.sinkTo(userStates).uid(UID_USER_STATE_SINK).name("perch.user-state");
        input.deadLetters()
                .union(states.getSideOutput(DeadLetters.TAG))
                .sinkTo(deadLetters)
                .uid(UID_DEAD_LETTER_SINK)
                .name("perch.dead-letter");
    }
}
