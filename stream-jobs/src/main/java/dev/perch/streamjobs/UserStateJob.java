package dev.perch.streamjobs;

import dev.perch.core.EnrichedEvent;
import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.UserState;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The user-state job: perch.events enriched with the catalog (keyed by item), then each user's
 * state updated in RocksDB keyed state (keyed by user) and emitted to perch.user-state; rejected
 * records of every stage go to perch.dead-letter.
 *
 * <p>Shaped like flink-training's jobs: sources and sinks come in through the constructor, so tests
 * run the very same graph on their own sources and sinks; {@link #execute} runs it.
 */
public final class UserStateJob {
    /** Stable operator ids: savepoints map state to operators by these, never change them. */
    public static final String UID_EVENTS_SOURCE = "events-source";

    public static final String UID_ITEMS_SOURCE = "items-source";
    public static final String UID_DECODE_EVENTS = "decode-events";
    public static final String UID_EVENT_TIME = "event-time";
    public static final String UID_DECODE_CATALOG = "decode-catalog";
    public static final String UID_ENRICH = "enrich-with-catalog";
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

    /**
     * The Flink settings this job needs: RocksDB with incremental checkpoints, the checkpoint
     * interval, no Kryo fallback. Applied to an environment by {@link #configure}.
     */
    public static Configuration flinkConfiguration(UserStateJobConfig config) {
        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        flink.set(PipelineOptions.MAX_PARALLELISM, config.maxParallelism());
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
        SingleOutputStreamOperator<ClickEvent> decoded =
                env.fromSource(events, WatermarkStrategy.noWatermarks(), "perch.events")
                        .uid(UID_EVENTS_SOURCE)
                        .process(new DecodeClickEvents(config.maxFutureSkew()))
                        .uid(UID_DECODE_EVENTS)
                        .name("decode events");
        DataStream<ClickEvent> timed =
                decoded.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<ClickEvent>forBoundedOutOfOrderness(
                                                config.maxOutOfOrderness())
                                        .withTimestampAssigner(
                                                (e, ts) -> e.getEventTime().toEpochMilli())
                                        .withIdleness(config.sourceIdleness()))
                        .uid(UID_EVENT_TIME)
                        .name("event-time watermarks");

        SingleOutputStreamOperator<CatalogEntry> catalog =
                env.fromSource(items, catalogWatermarks(), "perch.items")
                        .uid(UID_ITEMS_SOURCE)
                        .process(new DecodeCatalog())
                        .uid(UID_DECODE_CATALOG)
                        .name("decode catalog");

        SingleOutputStreamOperator<EnrichedEvent> enriched =
                timed.filter(e -> e.getItemId() != null)
                        .name("events with an item")
                        .keyBy(ClickEvent::getItemId)
                        .connect(catalog.keyBy(CatalogEntry::itemId))
                        .process(EnrichWithCatalog.of(config))
                        .returns(TypeInformation.of(EnrichedEvent.class))
                        .uid(UID_ENRICH)
                        .name("enrich with catalog");
        DataStream<EnrichedEvent> searches =
                timed.filter(e -> e.getItemId() == null)
                        .name("events without an item")
                        .map(EnrichedEvent::withoutItem)
                        .returns(TypeInformation.of(EnrichedEvent.class))
                        .uid(UID_SEARCHES)
                        .name("searches");

        SingleOutputStreamOperator<UserState> states =
                enriched.union(searches)
                        .keyBy(e -> e.event().getUserId(), TypeInformation.of(String.class))
                        .process(new UpdateUserState(config))
                        .returns(TypeInformation.of(UserState.class))
                        .uid(UID_UPDATE_USER_STATE)
                        .name("update user state");

        states.sinkTo(userStates).uid(UID_USER_STATE_SINK).name("perch.user-state");
        decoded.getSideOutput(DeadLetters.TAG)
                .union(
                        catalog.getSideOutput(DeadLetters.TAG),
                        enriched.getSideOutput(DeadLetters.TAG),
                        states.getSideOutput(DeadLetters.TAG))
                .sinkTo(deadLetters)
                .uid(UID_DEAD_LETTER_SINK)
                .name("perch.dead-letter");
    }

    /**
     * The catalog has no event time: its source emits the highest watermark so that it never holds
     * back the event time of the events it is joined with.
     */
    static WatermarkStrategy<KafkaRecord> catalogWatermarks() {
        return WatermarkStrategy.forGenerator(ctx -> new NeverHoldsBack());
    }

    /** Emits the end-of-time watermark. */
    private static final class NeverHoldsBack implements WatermarkGenerator<KafkaRecord> {
        @Override
        public void onEvent(KafkaRecord event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
        }
    }
}
