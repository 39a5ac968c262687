package dev.perch.streamjobs.itemstats;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.TransitionSettings;
import dev.perch.core.itemstats.TrendingSettings;
import dev.perch.core.recommend.GatherSettings;
import dev.perch.events.EventTimeBounds;
import dev.perch.events.Topics;
import dev.perch.streamjobs.EventInput;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every setting of the item-statistics job as a typed Flink {@link ConfigOption} with its default
 * and description; {@link ItemStatisticsJobConfig#from} reads them once. The Kafka servers, max
 * parallelism and checkpoint interval are the user-state job's options (same keys, one value).
 */
public final class ItemStatisticsJobOptions {
    private static final String PREFIX = "perch.item-statistics.";

    public static final ConfigOption<String> GROUP_ID =
            key(PREFIX + "group-id")
                    .stringType()
                    .defaultValue("perch-item-statistics")
                    .withDescription(
                            "Consumer group id (offsets live in checkpoints; the group only"
                                    + " shows progress).");

    public static final ConfigOption<String> EVENTS_TOPIC =
            key(PREFIX + "events-topic")
                    .stringType()
                    .defaultValue(Topics.EVENTS)
                    .withDescription("Click events read (Avro ClickEvent).");

    public static final ConfigOption<String> ITEMS_TOPIC =
            key(PREFIX + "items-topic")
                    .stringType()
                    .defaultValue(Topics.ITEMS)
                    .withDescription(
                            "Catalog read for the items' top-level categories (Avro Item).");

    public static final ConfigOption<String> NEIGHBORS_TOPIC =
            key(PREFIX + "neighbors-topic")
                    .stringType()
                    .defaultValue(Topics.ITEM_NEIGHBORS)
                    .withDescription(
                            "Co-visitation neighbours written (Avro ItemNeighbors, keyed by item"
                                    + " id, versioned).");

    public static final ConfigOption<String> TRENDING_TOPIC =
            key(PREFIX + "trending-topic")
                    .stringType()
                    .defaultValue(Topics.TRENDING)
                    .withDescription(
                            "Trending lists written (Avro TrendingItems, keyed by scope: global"
                                    + " or a top-level category).");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            key(PREFIX + "dead-letter-topic")
                    .stringType()
                    .defaultValue(Topics.DEAD_LETTER)
                    .withDescription(
                            "Rejected records written (Avro DeadLetter, stage"
                                    + " item-statistics-job).");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            key(PREFIX + "max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "Bounded out-of-orderness of the per-partition event-time"
                                    + " watermarks.");

    public static final ConfigOption<Duration> SOURCE_IDLENESS =
            key(PREFIX + "source-idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A partition without events for this long stops holding back event"
                                    + " time.");

    public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
            key(PREFIX + "max-future-skew")
                    .durationType()
                    .defaultValue(EventTimeBounds.DEFAULT.jobsFutureSkew())
                    .withDescription(
                            "Events whose time is further ahead of the wall clock are"
                                + " EVENT_IN_FUTURE. The default is the collector's skew"
                                + " (EventTimeBounds) plus a host clock tolerance, so nothing the"
                                + " collector accepted is dropped here.");

    public static final ConfigOption<Duration> CATALOG_WAIT =
            key(PREFIX + "catalog-wait")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "How long (processing time) an event waits for its item to reach the"
                                    + " catalog; after that it counts in the global scope only.");

    public static final ConfigOption<Integer> MAX_PENDING_PER_ITEM =
            key(PREFIX + "max-pending-per-item")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "Events held per unknown item while waiting; more go on at once.");

    public static final ConfigOption<Integer> CACHED_ITEMS =
            EventInput.cachedItemsOption(PREFIX + "cached-items");

    public static final ConfigOption<Duration> MAX_GAP =
            key(PREFIX + "co-visitation.max-gap")
                    .durationType()
                    .defaultValue(CoVisitationSettings.DEFAULTS.maxGap())
                    .withDescription(
                            "Two visits of one user further apart in event time do not pair.");

    public static final ConfigOption<Integer> LOOKBACK =
            key(PREFIX + "co-visitation.lookback")
                    .intType()
                    .defaultValue(CoVisitationSettings.DEFAULTS.lookback())
                    .withDescription(
                            "How many of the user's previous items a visit pairs with (the"
                                    + " per-user state).");

    public static final ConfigOption<Integer> TRANSITION_STEPS =
            key(PREFIX + "transitions.steps")
                    .intType()
                    .defaultValue(TransitionSettings.DEFAULTS.steps())
                    .withDescription(
                            "A visit follows each of the user's previous this-many visits (repeats"
                                    + " included), weighted 1/distance (the per-user state).");

    public static final ConfigOption<Duration> TRANSITION_MAX_GAP =
            key(PREFIX + "transitions.max-gap")
                    .durationType()
                    .defaultValue(TransitionSettings.DEFAULTS.maxGap())
                    .withDescription(
                            "A visit this much later than the user's previous one starts a new"
                                    + " sequence (no transition across the gap).");

    public static final ConfigOption<Integer> MAX_FOLLOWERS =
            key(PREFIX + "transitions.max-followers")
                    .intType()
                    .defaultValue(TransitionSettings.DEFAULTS.maxFollowers())
                    .withDescription(
                            "Followers kept per item (the per-item state); when full, the weakest"
                                    + " is replaced. Decays with the co-visitation half-life.");

    public static final ConfigOption<Duration> HALF_LIFE =
            key(PREFIX + "co-visitation.half-life")
                    .durationType()
                    .defaultValue(CoVisitationSettings.DEFAULTS.halfLife())
                    .withDescription("A pair this much older (event time) counts half as much.");

    public static final ConfigOption<Integer> MAX_NEIGHBORS =
            key(PREFIX + "co-visitation.max-neighbors")
                    .intType()
                    .defaultValue(CoVisitationSettings.DEFAULTS.maxNeighbors())
                    .withDescription(
                            "Neighbours kept per item (the per-item state); when full, the"
                                    + " weakest gives way.");

    public static final ConfigOption<Integer> PUBLISHED_NEIGHBORS =
            key(PREFIX + "co-visitation.published-neighbors")
                    .intType()
                    .defaultValue(GatherSettings.DEFAULTS.neighborsPerAnchor())
                    .withDescription(
                            "Strongest neighbours written per ItemNeighbors record (at most"
                                    + " max-neighbors); the default is what the model server's"
                                    + " gatherer takes per anchor, as the evaluator does.");

    public static final ConfigOption<Integer> PUBLISHED_FOLLOWERS =
            key(PREFIX + "transitions.published-followers")
                    .intType()
                    .defaultValue(GatherSettings.DEFAULTS.followersPerAnchor())
                    .withDescription(
                            "Strongest followers written per ItemNeighbors record (at most"
                                    + " max-followers); the default is what the model server's"
                                    + " gatherer takes per anchor, as the evaluator does.");

    public static final ConfigOption<Duration> PUBLISH_INTERVAL =
            key(PREFIX + "co-visitation.publish-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription(
                            "An item's neighbours are written at most once per interval"
                                    + " (processing time), always the latest.");

    public static final ConfigOption<Duration> BUFFER_TIMEOUT =
            key(PREFIX + "buffer-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(50))
                    .withFallbackKeys(UserStateJobOptions.BUFFER_TIMEOUT.key())
                    .withDescription(
                            "Longest wait before a partly filled network buffer between two of this"
                                    + " job's operators is sent (perch.job.buffer-timeout when only"
                                    + " that is set). Longer than the user-state job's 5 ms:"
                                    + " nothing here is on the click-to-list path (an item's"
                                    + " neighbours go out at most once per publish-interval), and"
                                    + " fewer, fuller buffers cost less CPU (a flusher thread per"
                                    + " output, a wake-up of the next operator per buffer).");

    public static final ConfigOption<Duration> TRENDING_WINDOW =
            key(PREFIX + "trending.window")
                    .durationType()
                    .defaultValue(TrendingSettings.DEFAULTS.window())
                    .withDescription("Length of the sliding event-time window of trending counts.");

    public static final ConfigOption<Duration> TRENDING_SLIDE =
            key(PREFIX + "trending.slide")
                    .durationType()
                    .defaultValue(TrendingSettings.DEFAULTS.slide())
                    .withDescription(
                            "How often the trending lists move (the window must be a multiple).");

    public static final ConfigOption<Integer> TRENDING_TOP_N =
            key(PREFIX + "trending.top-n")
                    .intType()
                    .defaultValue(TrendingSettings.DEFAULTS.topN())
                    .withDescription("Items per trending list.");

    public static final ConfigOption<Duration> INACTIVE_USER_TTL =
            key(PREFIX + "inactive-user-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription(
                            "A user's recent visits are dropped after this long without events"
                                    + " (processing time).");

    public static final ConfigOption<Duration> INACTIVE_ITEM_TTL =
            key(PREFIX + "inactive-item-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(90))
                    .withDescription(
                            "An item's neighbours are dropped after this long without a"
                                    + " co-visit (processing time).");

    /** Every option of this job, in the order of the documentation table. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    UserStateJobOptions.BOOTSTRAP_SERVERS,
                    UserStateJobOptions.KAFKA_CLIENT_PROPERTIES,
                    GROUP_ID,
                    EVENTS_TOPIC,
                    ITEMS_TOPIC,
                    NEIGHBORS_TOPIC,
                    TRENDING_TOPIC,
                    DEAD_LETTER_TOPIC,
                    MAX_OUT_OF_ORDERNESS,
                    SOURCE_IDLENESS,
                    MAX_FUTURE_SKEW,
                    CATALOG_WAIT,
                    MAX_PENDING_PER_ITEM,
                    CACHED_ITEMS,
                    MAX_GAP,
                    LOOKBACK,
                    TRANSITION_STEPS,
                    TRANSITION_MAX_GAP,
                    MAX_FOLLOWERS,
                    PUBLISHED_FOLLOWERS,
                    HALF_LIFE,
                    MAX_NEIGHBORS,
                    PUBLISHED_NEIGHBORS,
                    PUBLISH_INTERVAL,
                    TRENDING_WINDOW,
                    TRENDING_SLIDE,
                    TRENDING_TOP_N,
                    INACTIVE_USER_TTL,
                    INACTIVE_ITEM_TTL,
                    UserStateJobOptions.MAX_PARALLELISM,
                    UserStateJobOptions.CHECKPOINT_INTERVAL,
                    BUFFER_TIMEOUT);

    private ItemStatisticsJobOptions() {}
}
