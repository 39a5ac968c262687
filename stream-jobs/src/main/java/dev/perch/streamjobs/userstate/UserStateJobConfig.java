package dev.perch.streamjobs.userstate;

import static dev.perch.streamjobs.userstate.UserStateJobOptions.*;

import dev.perch.access.KafkaClientProperties;
import dev.perch.core.EventWeights;
import dev.perch.core.UserStateSettings;
import dev.perch.streamjobs.DeadLetters;
import dev.perch.streamjobs.EventInput;
import dev.perch.streamjobs.JobSettings;
import dev.perch.streamjobs.UnknownItemPolicy;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;

/**
 * The user-state job's settings, read once from a Flink {@link Configuration} (see {@link
 * UserStateJobOptions} for keys, defaults and meaning). Immutable and serializable, so functions
 * carry it to the task managers.
 */
public record UserStateJobConfig(
        String bootstrapServers,
        String groupId,
        String eventsTopic,
        String itemsTopic,
        String userStateTopic,
        String deadLetterTopic,
        Duration maxOutOfOrderness,
        Duration sourceIdleness,
        Duration dedupWindow,
        Duration maxFutureSkew,
        Duration maxLateness,
        int maxEventsPerUserPerMinute,
        Duration inactiveUserTtl,
        Duration catalogWait,
        int maxPendingPerItem,
        int cachedItems,
        UnknownItemPolicy unknownItemPolicy,
        UserStateSettings updateRule,
        int maxParallelism,
        Duration checkpointInterval,
        Duration bufferTimeout,
        String kafkaClientProperties)
        implements Serializable {

    /** The Kafka client (TLS, SASL) settings of every source and sink, read from their file. */
    public Properties kafkaProperties() {
        return KafkaClientProperties.load(
                        kafkaClientProperties == null ? null : Path.of(kafkaClientProperties))
                .applyTo(new Properties());
    }

    /** The settings of the input stages (decode, watermarks, catalog). */
    public EventInput.Settings input() {
        return new EventInput.Settings(
                maxOutOfOrderness,
                sourceIdleness,
                maxFutureSkew,
                catalogWait,
                maxPendingPerItem,
                unknownItemPolicy,
                DeadLetters.STAGE,
                cachedItems);
    }

    /** Every setting at its default. */
    public static UserStateJobConfig defaults() {
        return from(new Configuration());
    }

    /** The settings in this configuration, defaults for the rest. */
    public static UserStateJobConfig from(Configuration c) {
        JobSettings.requireValid(c, UserStateJobOptions.ALL);
        // perch-core's UserEventRate, the collector's rule too
        JobSettings.requireAtLeast(c, MAX_EVENTS_PER_USER_PER_MINUTE, 1);
        EventWeights weights =
                new EventWeights(
                        c.get(WEIGHT_VIEW),
                        c.get(WEIGHT_CLICK),
                        c.get(WEIGHT_ADD_TO_CART),
                        c.get(WEIGHT_REMOVE_FROM_CART),
                        c.get(WEIGHT_PURCHASE),
                        c.get(WEIGHT_SEARCH),
                        c.get(WEIGHT_RATE),
                        c.get(RATING_MAX));
        UserStateSettings rule =
                new UserStateSettings(
                        weights,
                        c.get(HALF_LIFE),
                        c.get(MAX_RECENT_ITEMS),
                        c.get(MAX_PURCHASED_ITEMS),
                        c.get(MAX_CATEGORIES),
                        c.get(MAX_SEQUENCE_LENGTH));
        return new UserStateJobConfig(
                c.get(BOOTSTRAP_SERVERS),
                c.get(GROUP_ID),
                c.get(EVENTS_TOPIC),
                c.get(ITEMS_TOPIC),
                c.get(USER_STATE_TOPIC),
                c.get(DEAD_LETTER_TOPIC),
                c.get(MAX_OUT_OF_ORDERNESS),
                c.get(SOURCE_IDLENESS),
                c.get(DEDUP_WINDOW),
                c.get(MAX_FUTURE_SKEW),
                c.get(MAX_LATENESS),
                c.get(MAX_EVENTS_PER_USER_PER_MINUTE),
                c.get(INACTIVE_USER_TTL),
                c.get(CATALOG_WAIT),
                c.get(MAX_PENDING_PER_ITEM),
                c.get(CACHED_ITEMS),
                c.get(UNKNOWN_ITEM_POLICY),
                rule,
                c.get(MAX_PARALLELISM),
                c.get(CHECKPOINT_INTERVAL),
                c.get(BUFFER_TIMEOUT),
                c.get(KAFKA_CLIENT_PROPERTIES));
    }
}
