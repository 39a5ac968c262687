package dev.perch.streamjobs.itemstats;

import static dev.perch.streamjobs.itemstats.ItemStatisticsJobOptions.*;

import dev.perch.access.KafkaClientProperties;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.TransitionSettings;
import dev.perch.core.itemstats.TrendingSettings;
import dev.perch.streamjobs.DeadLetters;
import dev.perch.streamjobs.EventInput;
import dev.perch.streamjobs.JobSettings;
import dev.perch.streamjobs.UnknownItemPolicy;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;

/**
 * The item-statistics job's settings, read once from a Flink {@link Configuration} (see {@link
 * ItemStatisticsJobOptions}); immutable and serializable, so functions carry it to the tasks.
 * Invalid combinations fail at start-up through the shared settings records' own checks.
 */
public record ItemStatisticsJobConfig(
        String bootstrapServers,
        String groupId,
        String eventsTopic,
        String itemsTopic,
        String neighborsTopic,
        String trendingTopic,
        String deadLetterTopic,
        EventInput.Settings input,
        CoVisitationSettings coVisitation,
        TransitionSettings transitions,
        int publishedNeighbors,
        int publishedFollowers,
        Duration publishInterval,
        TrendingSettings trending,
        Duration inactiveUserTtl,
        Duration inactiveItemTtl,
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

    public ItemStatisticsJobConfig {
        if (publishedNeighbors <= 0 || publishedNeighbors > coVisitation.maxNeighbors()) {
            throw new IllegalArgumentException(
                    "publishedNeighbors must be in 1.."
                            + coVisitation.maxNeighbors()
                            + ": "
                            + publishedNeighbors);
        }
        if (publishedFollowers <= 0 || publishedFollowers > transitions.maxFollowers()) {
            throw new IllegalArgumentException(
                    "publishedFollowers must be in 1.."
                            + transitions.maxFollowers()
                            + ": "
                            + publishedFollowers);
        }
        if (publishInterval.isNegative()) {
            throw new IllegalArgumentException("publishInterval must not be negative");
        }
    }

    /** Every setting at its default. */
    public static ItemStatisticsJobConfig defaults() {
        return from(new Configuration());
    }

    /** The settings in this configuration, defaults for the rest. */
    public static ItemStatisticsJobConfig from(Configuration c) {
        JobSettings.requireValid(c, ItemStatisticsJobOptions.ALL);
        EventInput.Settings input =
                new EventInput.Settings(
                        c.get(MAX_OUT_OF_ORDERNESS),
                        c.get(SOURCE_IDLENESS),
                        c.get(MAX_FUTURE_SKEW),
                        c.get(CATALOG_WAIT),
                        c.get(MAX_PENDING_PER_ITEM),
                        UnknownItemPolicy.ENRICH_WITHOUT_EMBEDDING,
                        DeadLetters.ITEM_STATISTICS_STAGE,
                        c.get(CACHED_ITEMS));
        return new ItemStatisticsJobConfig(
                c.get(UserStateJobOptions.BOOTSTRAP_SERVERS),
                c.get(GROUP_ID),
                c.get(EVENTS_TOPIC),
                c.get(ITEMS_TOPIC),
                c.get(NEIGHBORS_TOPIC),
                c.get(TRENDING_TOPIC),
                c.get(DEAD_LETTER_TOPIC),
                input,
                new CoVisitationSettings(
                        c.get(MAX_GAP), c.get(LOOKBACK), c.get(HALF_LIFE), c.get(MAX_NEIGHBORS)),
                new TransitionSettings(
                        c.get(TRANSITION_MAX_GAP),
                        c.get(TRANSITION_STEPS),
                        c.get(HALF_LIFE),
                        c.get(MAX_FOLLOWERS)),
                c.get(PUBLISHED_NEIGHBORS),
                c.get(PUBLISHED_FOLLOWERS),
                c.get(PUBLISH_INTERVAL),
                new TrendingSettings(
                        c.get(TRENDING_WINDOW), c.get(TRENDING_SLIDE), c.get(TRENDING_TOP_N)),
                c.get(INACTIVE_USER_TTL),
                c.get(INACTIVE_ITEM_TTL),
                c.get(UserStateJobOptions.MAX_PARALLELISM),
                c.get(UserStateJobOptions.CHECKPOINT_INTERVAL),
                c.get(ItemStatisticsJobOptions.BUFFER_TIMEOUT),
                c.get(UserStateJobOptions.KAFKA_CLIENT_PROPERTIES));
    }
}
