package dev.perch.streamjobs.userstate;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.perch.core.EventWeights;
import dev.perch.core.UserEventRate;
import dev.perch.core.UserStateSettings;
import dev.perch.events.EventTimeBounds;
import dev.perch.events.Topics;
import dev.perch.streamjobs.EventInput;
import dev.perch.streamjobs.UnknownItemPolicy;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/**
 * Every setting of the user-state job as a typed Flink {@link ConfigOption} with its default and
 * description; {@link UserStateJobConfig#from} reads them once. The README table lists them all.
 */
public final class UserStateJobOptions {
    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            key("perch.kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka bootstrap servers for every source and sink.");

    public static final ConfigOption<String> KAFKA_CLIENT_PROPERTIES =
            key("perch.kafka.client-properties")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Kafka client properties file (security.protocol, SASL, TLS) for every"
                                    + " source and sink, read by KafkaClientProperties; use Kafka's"
                                    + " config providers (${env:...}, ${file:...}) for passwords"
                                    + " so that the job graph holds references, not secrets.");

    public static final ConfigOption<String> GROUP_ID =
            key("perch.user-state.group-id")
                    .stringType()
                    .defaultValue("perch-user-state")
                    .withDescription(
                            "Consumer group id (offsets live in checkpoints; the group only"
                                    + " shows progress).");

    public static final ConfigOption<String> EVENTS_TOPIC =
            key("perch.user-state.events-topic")
                    .stringType()
                    .defaultValue(Topics.EVENTS)
                    .withDescription("Click events read (Avro ClickEvent).");

    public static final ConfigOption<String> ITEMS_TOPIC =
            key("perch.user-state.items-topic")
                    .stringType()
                    .defaultValue(Topics.ITEMS)
                    .withDescription("Catalog read (Avro Item, compacted; tombstones remove).");

    public static final ConfigOption<String> USER_STATE_TOPIC =
            key("perch.user-state.output-topic")
                    .stringType()
                    .defaultValue(Topics.USER_STATE)
                    .withDescription("User states written (Avro UserState, keyed by user id).");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            key("perch.user-state.dead-letter-topic")
                    .stringType()
                    .defaultValue(Topics.DEAD_LETTER)
                    .withDescription("Rejected records written (Avro DeadLetter).");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            key("perch.user-state.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("Bounded out-of-orderness of the event-time watermarks.");

    public static final ConfigOption<Duration> SOURCE_IDLENESS =
            key("perch.user-state.source-idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A source split without events for this long stops holding back"
                                    + " event time.");

    public static final ConfigOption<Duration> DEDUP_WINDOW =
            key("perch.user-state.dedup-window")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "An event id seen again within this much event time is a duplicate.");

    public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
            key("perch.user-state.max-future-skew")
                    .durationType()
                    .defaultValue(EventTimeBounds.DEFAULT.jobsFutureSkew())
                    .withDescription(
                            "Events whose time is further ahead of the wall clock are"
                                + " EVENT_IN_FUTURE. The default is the collector's skew"
                                + " (EventTimeBounds) plus a host clock tolerance, so nothing the"
                                + " collector accepted is dropped here.");

    public static final ConfigOption<Duration> MAX_LATENESS =
            key("perch.user-state.max-lateness")
                    .durationType()
                    .defaultValue(EventTimeBounds.DEFAULT.jobsLateness())
                    .withDescription(
                            "Events further behind the user's latest event are EVENT_TOO_OLD. The"
                                + " default is the collector's maximum age plus its skew"
                                + " (EventTimeBounds), so nothing the collector accepted is dropped"
                                + " here.");

    public static final ConfigOption<Integer> MAX_EVENTS_PER_USER_PER_MINUTE =
            key("perch.user-state.max-events-per-user-per-minute")
                    .intType()
                    .defaultValue(UserEventRate.DEFAULT_MAX_PER_MINUTE)
                    .withDescription(
                            "Events of one user beyond this many per minute of event time are"
                                    + " RATE_LIMITED. The collector refuses them first (429) with"
                                    + " its --max-events-per-user-per-minute: keep both equal.");

    public static final ConfigOption<Duration> INACTIVE_USER_TTL =
            key("perch.user-state.inactive-user-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(90))
                    .withDescription(
                            "State of a user without updates for this long (processing time) is"
                                    + " dropped.");

    public static final ConfigOption<Duration> CATALOG_WAIT =
            key("perch.user-state.catalog-wait")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "How long (processing time) an event waits for its item to reach the"
                                    + " catalog.");

    public static final ConfigOption<Integer> MAX_PENDING_PER_ITEM =
            key("perch.user-state.max-pending-per-item")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "Events held per unknown item while waiting; more go on at once.");

    public static final ConfigOption<Integer> CACHED_ITEMS =
            EventInput.cachedItemsOption("perch.user-state.cached-items");

    public static final ConfigOption<UnknownItemPolicy> UNKNOWN_ITEM_POLICY =
            key("perch.user-state.unknown-item-policy")
                    .enumType(UnknownItemPolicy.class)
                    .defaultValue(UnknownItemPolicy.ENRICH_WITHOUT_EMBEDDING)
                    .withDescription(
                            "ENRICH_WITHOUT_EMBEDDING or DEAD_LETTER for events whose item never"
                                    + " arrived.");

    public static final ConfigOption<Duration> HALF_LIFE =
            key("perch.user-state.half-life")
                    .durationType()
                    .defaultValue(UserStateSettings.DEFAULTS.halfLife())
                    .withDescription("Half-life of an event's pull on the user vector.");

    public static final ConfigOption<Double> WEIGHT_VIEW =
            weight("view", EventWeights.DEFAULTS.view());
    public static final ConfigOption<Double> WEIGHT_CLICK =
            weight("click", EventWeights.DEFAULTS.click());
    public static final ConfigOption<Double> WEIGHT_ADD_TO_CART =
            weight("add-to-cart", EventWeights.DEFAULTS.addToCart());
    public static final ConfigOption<Double> WEIGHT_REMOVE_FROM_CART =
            weight("remove-from-cart", EventWeights.DEFAULTS.removeFromCart());
    public static final ConfigOption<Double> WEIGHT_PURCHASE =
            weight("purchase", EventWeights.DEFAULTS.purchase());
    public static final ConfigOption<Double> WEIGHT_SEARCH =
            weight("search", EventWeights.DEFAULTS.search());
    public static final ConfigOption<Double> WEIGHT_RATE =
            weight("rate", EventWeights.DEFAULTS.rate());

    public static final ConfigOption<Double> RATING_MAX =
            key("perch.user-state.rating-max")
                    .doubleType()
                    .defaultValue(EventWeights.DEFAULTS.ratingMax())
                    .withDescription(
                            "The top rating; RATE weighs weight.rate * rating / rating-max.");

    public static final ConfigOption<Integer> MAX_RECENT_ITEMS =
            key("perch.user-state.max-recent-items")
                    .intType()
                    .defaultValue(UserStateSettings.DEFAULTS.maxRecentItems())
                    .withDescription("Distinct recent items kept per user.");

    public static final ConfigOption<Integer> MAX_PURCHASED_ITEMS =
            key("perch.user-state.max-purchased-items")
                    .intType()
                    .defaultValue(UserStateSettings.DEFAULTS.maxPurchasedItems())
                    .withDescription("Distinct purchased items kept per user.");

    public static final ConfigOption<Integer> MAX_CATEGORIES =
            key("perch.user-state.max-categories")
                    .intType()
                    .defaultValue(UserStateSettings.DEFAULTS.maxCategories())
                    .withDescription("Top-level categories kept in a user's affinity map.");

    public static final ConfigOption<Integer> MAX_SEQUENCE_LENGTH =
            key("perch.user-state.max-sequence-length")
                    .intType()
                    .defaultValue(UserStateSettings.DEFAULTS.maxSequenceLength())
                    .withDescription(
                            "Interactions (repeats included, oldest dropped first) kept in a"
                                    + " user's ordered sequence.");

    public static final ConfigOption<Integer> MAX_PARALLELISM =
            key("perch.job.max-parallelism")
                    .intType()
                    .defaultValue(128)
                    .withDescription(
                            "Key groups; fixed for the life of the state (rescale up to this).");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            key("perch.job.checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("Interval of the incremental RocksDB checkpoints.");

    public static final ConfigOption<Duration> BUFFER_TIMEOUT =
            key("perch.job.buffer-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(5))
                    .withDescription(
                            "Longest wait before a partly filled network buffer between two"
                                + " operators is sent (Flink's execution.buffer-timeout.interval,"
                                + " 100 ms by default there): bounds the latency each keyed"
                                + " exchange adds at low rates; full buffers go at once.");

    /** Every option, in the order of the README table. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    BOOTSTRAP_SERVERS,
                    KAFKA_CLIENT_PROPERTIES,
                    GROUP_ID,
                    EVENTS_TOPIC,
                    ITEMS_TOPIC,
                    USER_STATE_TOPIC,
                    DEAD_LETTER_TOPIC,
                    MAX_OUT_OF_ORDERNESS,
                    SOURCE_IDLENESS,
                    DEDUP_WINDOW,
                    MAX_FUTURE_SKEW,
                    MAX_LATENESS,
                    MAX_EVENTS_PER_USER_PER_MINUTE,
                    INACTIVE_USER_TTL,
                    CATALOG_WAIT,
                    MAX_PENDING_PER_ITEM,
                    CACHED_ITEMS,
                    UNKNOWN_ITEM_POLICY,
                    HALF_LIFE,
                    WEIGHT_VIEW,
                    WEIGHT_CLICK,
                    WEIGHT_ADD_TO_CART,
                    WEIGHT_REMOVE_FROM_CART,
                    WEIGHT_PURCHASE,
                    WEIGHT_SEARCH,
                    WEIGHT_RATE,
                    RATING_MAX,
                    MAX_RECENT_ITEMS,
                    MAX_PURCHASED_ITEMS,
                    MAX_CATEGORIES,
                    MAX_SEQUENCE_LENGTH,
                    MAX_PARALLELISM,
                    CHECKPOINT_INTERVAL,
                    BUFFER_TIMEOUT);

    private UserStateJobOptions() {}

    private static ConfigOption<Double> weight(String type, double defaultValue) {
        return key("perch.user-state.weight." + type)
                .doubleType()
                .defaultValue(defaultValue)
                .withDescription("Pull of one " + type + " event on the user vector.");
    }
}
