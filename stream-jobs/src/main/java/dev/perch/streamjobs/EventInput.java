package dev.perch.streamjobs;

import dev.perch.core.EnrichedEvent;
import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The input stages every stream job shares: perch.events read as raw bytes with per-partition
 * watermarks, decoded and validated (rejects to dead letters), and enriched with the catalog kept
 * in item-keyed state. One definition, so both jobs reject and enrich the same way.
 */
public final class EventInput {
    /** Stable operator ids of the input stages (the same in every job; never change them). */
    public static final String UID_EVENTS_SOURCE = "events-source";

    public static final String UID_ITEMS_SOURCE = "items-source";
    public static final String UID_DECODE_EVENTS = "decode-events";
    public static final String UID_DECODE_CATALOG = "decode-catalog";
    public static final String UID_ENRICH = "enrich-with-catalog";

    /**
     * The key of an enriched event: its item, the key the enrichment is partitioned by. Its output
     * may be read as keyed by this without an exchange ({@code
     * DataStreamUtils.reinterpretAsKeyedStream}): each record stays in the subtask that owns its
     * item's key group.
     */
    public static final KeySelector<EnrichedEvent, String> ENRICHED_ITEM_KEY =
            e -> e.event().getItemId();

    private EventInput() {}

    /**
     * The settings of the input stages.
     *
     * @param maxOutOfOrderness bounded out-of-orderness of the per-partition watermarks
     * @param sourceIdleness a partition without events for this long stops holding event time
     * @param maxFutureSkew events further ahead of the wall clock are EVENT_IN_FUTURE
     * @param catalogWait how long an event waits for its item to reach the catalog
     * @param maxPendingPerItem events held per unknown item while waiting
     * @param unknownItemPolicy what happens to events whose item never arrived
     * @param stage the {@code stage} of the dead letters
     * @param cachedItems items whose features the enrichment keeps decoded in memory, per subtask
     *     ({@link EnrichWithCatalog}); 0: none
     */
    public record Settings(
            Duration maxOutOfOrderness,
            Duration sourceIdleness,
            Duration maxFutureSkew,
            Duration catalogWait,
            int maxPendingPerItem,
            UnknownItemPolicy unknownItemPolicy,
            String stage,
            int cachedItems)
            implements Serializable {
        /** The default of {@code cachedItems}: about 25 MB with 64-float embeddings. */
        public static final int DEFAULT_CACHED_ITEMS = 50_000;
    }

    /**
     * The option of a job's {@code cachedItems} under {@code key} (each job has its own key, the
     * same meaning and default).
     */
    public static ConfigOption<Integer> cachedItemsOption(String key) {
        return ConfigOptions.key(key)
                .intType()
                .defaultValue(Settings.DEFAULT_CACHED_ITEMS)
                .withDescription(
                        "Items whose catalog features the enrichment keeps decoded in memory"
                                + " per subtask (about half a kilobyte each with a 64-float"
                                + " embedding), so most events read no keyed state; 0: none.");
    }

    /**
     * The streams the input stages produce.
     *
     * @param events valid events, in partition order, with event-time timestamps
     * @param enriched the events that name an item, with the item's features (keyed by item)
     * @param deadLetters what the decoders and the enrichment rejected
     * @param forgets forget requests: user id and request time ({@link ForgetRequests})
     */
    public record Streams(
            SingleOutputStreamOperator<ClickEvent> events,
            SingleOutputStreamOperator<EnrichedEvent> enriched,
            DataStream<DeadLetter> deadLetters,
            DataStream<Tuple2<String, Long>> forgets) {}

    /** Adds the input stages to {@code env}. */
    public static Streams build(
            StreamExecutionEnvironment env,
            Source<KafkaRecord, ?, ?> events,
            Source<KafkaRecord, ?, ?> items,
            Settings settings) {
        SingleOutputStreamOperator<ClickEvent> decoded =
                env.fromSource(events, EventTimeWatermarks.strategy(settings), "perch.events")
                        .uid(UID_EVENTS_SOURCE)
                        .process(new DecodeClickEvents(settings.maxFutureSkew(), settings.stage()))
                        .uid(UID_DECODE_EVENTS)
                        .name("decode events");
        SingleOutputStreamOperator<CatalogEntry> catalog =
                env.fromSource(items, catalogWatermarks(), "perch.items")
                        .uid(UID_ITEMS_SOURCE)
                        .process(new DecodeCatalog(settings.stage()))
                        .uid(UID_DECODE_CATALOG)
                        .name("decode catalog");
        SingleOutputStreamOperator<EnrichedEvent> enriched =
                decoded.filter(e -> e.getItemId() != null)
                        .name("events with an item")
                        .keyBy(ClickEvent::getItemId)
                        .connect(catalog.keyBy(CatalogEntry::itemId))
                        .process(EnrichWithCatalog.of(settings))
                        .returns(TypeInformation.of(EnrichedEvent.class))
                        .uid(UID_ENRICH)
                        .name("enrich with catalog");
        DataStream<DeadLetter> rejected =
                decoded.getSideOutput(DeadLetters.TAG)
                        .union(
                                catalog.getSideOutput(DeadLetters.TAG),
                                enriched.getSideOutput(DeadLetters.TAG));
        return new Streams(decoded, enriched, rejected, decoded.getSideOutput(ForgetRequests.TAG));
    }

    /**
     * The catalog has no event time: its source stays idle for ever, so the event time of the
     * operators it feeds follows the events alone. (Emitting the end-of-time watermark instead
     * would let event time jump to the end as soon as the events source went idle, firing every
     * open window early and making every later event late.)
     */
    static WatermarkStrategy<KafkaRecord> catalogWatermarks() {
        return WatermarkStrategy.forGenerator(ctx -> new AlwaysIdle());
    }

    /** Never emits a watermark; declares its output idle. */
    private static final class AlwaysIdle implements WatermarkGenerator<KafkaRecord> {
        @Override
        public void onEvent(KafkaRecord event, long eventTimestamp, WatermarkOutput output) {
            output.markIdle();
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}
