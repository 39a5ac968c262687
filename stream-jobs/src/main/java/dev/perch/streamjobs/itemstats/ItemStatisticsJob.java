package dev.perch.streamjobs.itemstats;

import dev.perch.core.itemstats.VisitWeights;
import dev.perch.core.recommend.CandidateSources;
import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.TrendingItems;
import dev.perch.streamjobs.EventInput;
import dev.perch.streamjobs.ForgetRequests;
import dev.perch.streamjobs.ItemSignal;
import dev.perch.streamjobs.KafkaRecord;
import dev.perch.streamjobs.TopTrending;
import dev.perch.streamjobs.TrendingWindows;
import dev.perch.streamjobs.userstate.UserStateJob;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The item-statistics job: from perch.events, item-to-item co-visitation (a pair window per user,
 * decayed bounded neighbour scores per item) and directional transitions (a step window per user,
 * decayed bounded follower scores per item) and each item's all-time popularity, published
 * throttled to perch.item-neighbors; trending items per top-level category and globally over
 * sliding event-time windows, and the all-time most popular items (scope {@code all-time}), to
 * perch.trending; rejected records go to perch.dead-letter. A forget request clears the user's pair
 * and step windows ({@link ForgetRequests}); the per-item statistics it fed are aggregates that
 * name no user, and they stay.
 *
 * <p>The decision logic is perch-core's ({@code dev.perch.core.itemstats}); this class only wires
 * it into keyed state. Sources and sinks come in through the constructor, as in {@link
 * UserStateJob}.
 */
public final class ItemStatisticsJob {
    /**
     * Stable operator ids beyond the shared input's: never change them. (The one change so far
     * besides trending's: "pair-co-visits" and "pair-transitions", with the stateless
     * "co-visit-signals" between, became {@link #UID_PAIR_SIGNALS}; see docs/operations.md.)
     */
    public static final String UID_PAIR_SIGNALS = "pair-signals";

    public static final String UID_VISIT_SIGNALS = "visit-signals";
    public static final String UID_UPDATE_NEIGHBORS = "update-neighbors";
    public static final String UID_NEIGHBORS_SINK = "item-neighbors-sink";

    /** Per-item trending panes ({@link TrendingWindows}); "trending-windows" before. */
    public static final String UID_TRENDING_PANES = "trending-panes";

    public static final String UID_TRENDING_SCOPES = "trending-scopes";
    public static final String UID_TOP_TRENDING = "top-trending";
    public static final String UID_TOP_POPULAR = "top-popular";
    public static final String UID_TRENDING_SINK = "trending-sink";
    public static final String UID_DEAD_LETTER_SINK = "dead-letter-sink";

    private final Source<KafkaRecord, ?, ?> events;
    private final Source<KafkaRecord, ?, ?> items;
    private final Sink<ItemNeighbors> neighbors;
    private final Sink<TrendingItems> trending;
    private final Sink<DeadLetter> deadLetters;
    private final ItemStatisticsJobConfig config;

    public ItemStatisticsJob(
            Source<KafkaRecord, ?, ?> events,
            Source<KafkaRecord, ?, ?> items,
            Sink<ItemNeighbors> neighbors,
            Sink<TrendingItems> trending,
            Sink<DeadLetter> deadLetters,
            ItemStatisticsJobConfig config) {
        this.events = events;
        this.items = items;
        this.neighbors = neighbors;
        this.trending = trending;
        this.deadLetters = deadLetters;
        this.config = config;
    }

    /** The job on the Kafka topics of its configuration. */
    public static ItemStatisticsJob onKafka(ItemStatisticsJobConfig config) {
        return new ItemStatisticsJob(
                ItemStatisticsKafka.eventsSource(config),
                ItemStatisticsKafka.itemsSource(config),
                ItemStatisticsKafka.neighborsSink(config),
                ItemStatisticsKafka.trendingSink(config),
                ItemStatisticsKafka.deadLetterSink(config),
                config);
    }

    /** The Flink settings this job needs (the same as the user-state job's). */
    public static Configuration flinkConfiguration(ItemStatisticsJobConfig config) {
        return UserStateJob.flinkConfiguration(
                config.maxParallelism(), config.checkpointInterval(), config.bufferTimeout());
    }

    /** Applies {@link #flinkConfiguration} to this environment. */
    public static StreamExecutionEnvironment configure(
            StreamExecutionEnvironment env, ItemStatisticsJobConfig config) {
        env.configure(flinkConfiguration(config));
        env.setMaxParallelism(config.maxParallelism());
        return env;
    }

    /** Builds the graph on this environment and runs it until the sources end. */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.execute("perch-item-statistics");
    }

    /** Builds the graph on this environment and submits it without waiting. */
    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync("perch-item-statistics");
    }

    /** Builds the graph on this environment without running it. */
    public void build(StreamExecutionEnvironment env) {
        EventInput.Streams input = EventInput.build(env, events, items, config.input());

        DataStream<ClickEvent> visitEvents =
                input.events()
                        .filter(e -> e.getItemId() != null && VisitWeights.of(e.getType()) > 0)
                        .name("visits");
        KeyedStream<ClickEvent, String> visits =
                visitEvents.keyBy(e -> e.getUserId(), TypeInformation.of(String.class));
        KeyedStream<Tuple2<String, Long>, String> forgets =
                input.forgets().keyBy(f -> f.f0, TypeInformation.of(String.class));
        DataStream<ItemSignal> pairs =
                visits.connect(forgets)
                        .process(
                                new PairSignals(
                                        config.coVisitation(),
                                        config.transitions(),
                                        config.inactiveUserTtl()))
                        .returns(TypeInformation.of(ItemSignal.class))
                        .uid(UID_PAIR_SIGNALS)
                        .name("co-visits and transitions per user");
        DataStream<ItemSignal> visitSignals =
                visitEvents
                        .map(
                                e ->
                                        ItemSignal.visit(
                                                e.getItemId(),
                                                VisitWeights.of(e.getType()),
                                                e.getEventTime().toEpochMilli()))
                        .returns(TypeInformation.of(ItemSignal.class))
                        .uid(UID_VISIT_SIGNALS)
                        .name("visit signals");
        DataStream<ItemNeighbors> itemRecords =
                pairs.union(visitSignals)
                        .keyBy(ItemSignal::item, TypeInformation.of(String.class))
                        .transform(
                                "update neighbours, followers and popularity per item",
                                TypeInformation.of(ItemNeighbors.class),
                                UpdateNeighbors.of(config))
                        .uid(UID_UPDATE_NEIGHBORS);
        itemRecords.sinkTo(neighbors).uid(UID_NEIGHBORS_SINK).name("perch.item-neighbors");
        DataStream<TrendingItems> popular =
                itemRecords
                        .keyBy(r -> CandidateSources.ALL_TIME, TypeInformation.of(String.class))
                        .process(new TopPopular(config.trending().topN(), config.publishInterval()))
                        .returns(TypeInformation.of(TrendingItems.class))
                        .uid(UID_TOP_POPULAR)
                        .name("top popular of all time");

        // the enrichment is keyed by item already: its output stays in its subtask and the
        // trending panes (keyed by item too) are chained to it, with no exchange between them
        // (a record's serialization and a thread hand-off per visit)
        SingleOutputStreamOperator<TrendingCount> windowCounts =
                DataStreamUtils.reinterpretAsKeyedStream(
                                input.enriched()
                                        .filter(e -> VisitWeights.of(e.event().getType()) > 0)
                                        .name("trending visits"),
                                EventInput.ENRICHED_ITEM_KEY,
                                TypeInformation.of(String.class))
                        .process(
                                new TrendingWindows(
                                        config.trending().window(), config.trending().slide()))
                        .returns(TypeInformation.of(TrendingCount.class))
                        .uid(UID_TRENDING_PANES)
                        .name("trending counts per item and window");
        windowCounts
                .flatMap(new TrendingScopes.ToScopes())
                .returns(TypeInformation.of(TrendingCount.class))
                .uid(UID_TRENDING_SCOPES)
                .name("trending scopes")
                .keyBy(TrendingCount::scope, TypeInformation.of(String.class))
                .process(new TopTrending(config.trending().topN(), config.trending().window()))
                .returns(TypeInformation.of(TrendingItems.class))
                .uid(UID_TOP_TRENDING)
                .name("top trending per scope")
                .union(popular)
                .sinkTo(trending)
                .uid(UID_TRENDING_SINK)
                .name("perch.trending");

        input.deadLetters().sinkTo(deadLetters).uid(UID_DEAD_LETTER_SINK).name("perch.dead-letter");
    }
}
