package dev.perch.events;

import java.util.Map;
import java.util.Properties;

/**
 * How the consumers on Perch's event path fetch (the user-state job's source, the model server's
 * stream threads and its recommendations feed): a fetch waits until {@link #MIN_BYTES} are there or
 * {@link #MAX_WAIT_MS} have passed. Kafka's defaults (1 byte, 500 ms) answer every fetch as soon as
 * one record is there, so at a few hundred events per second each record cost its consumer and the
 * broker one request with its per-request work (metrics, sessions, I/O); waiting at most 10 ms per
 * hop batches them, and at high rates the fetch fills before the wait ends. Consumers beside that
 * path wait longer ({@link #applyBackgroundTo}), quiet topics answer at once ({@link
 * #applyQuietTo}). A setting the caller gives itself wins.
 */
public final class ConsumerFetch {
    /** {@code fetch.min.bytes}: more than a poll's worth of events at these rates. */
    public static final int MIN_BYTES = 64 * 1024;

    /** {@code fetch.max.wait.ms}: the most a fetch adds to a record's latency. */
    public static final int MAX_WAIT_MS = 10;

    /**
     * {@code fetch.max.wait.ms} of a quiet topic's consumer ({@link #applyQuietTo}): Kafka's
     * default.
     */
    public static final int QUIET_MAX_WAIT_MS = 500;

    /**
     * {@code fetch.max.wait.ms} of a consumer beside the click-to-list path ({@link
     * #applyBackgroundTo}): the item-statistics job's events, the model server's feature-store
     * updater.
     */
    public static final int BACKGROUND_MAX_WAIT_MS = 100;

    private ConsumerFetch() {}

    /** The two settings, each under {@code prefix} + its name ("" for a plain consumer). */
    public static Map<String, String> settings(String prefix) {
        return Map.of(
                prefix + "fetch.min.bytes", Integer.toString(MIN_BYTES),
                prefix + "fetch.max.wait.ms", Integer.toString(MAX_WAIT_MS));
    }

    /**
     * The settings for a quiet, compacted topic read beside the event path (the catalog in the
     * stream jobs): a fetch answers as soon as one record is there and otherwise waits {@link
     * #QUIET_MAX_WAIT_MS}, Kafka's defaults. With the event path's settings an idle source sent a
     * fetch every 10 ms, a hundred requests a second for nothing; a catalog change still arrives at
     * once. Put into {@code props} where it has no value of its own, as {@link #applyTo} does.
     */
    public static Properties applyQuietTo(Properties props) {
        return putIfAbsent(props, 1, QUIET_MAX_WAIT_MS);
    }

    /**
     * The settings of a busy topic read beside the click-to-list path, where nothing waits for one
     * record: a fetch waits for {@link #MIN_BYTES} or {@link #BACKGROUND_MAX_WAIT_MS}. The
     * item-statistics job's copy of perch.events (an item's neighbours go out at most once per
     * publish interval) and the feature-store updater (neighbours, trending, catalog changes) took
     * a fetch every 10 ms each with the event path's settings, a hundred requests a second to the
     * broker apiece at a thousand events a second, for records that no list waits for; at 100 ms
     * they take ten. Put into {@code props} where it has no value of its own, as {@link #applyTo}
     * does.
     */
    public static Properties applyBackgroundTo(Properties props) {
        return putIfAbsent(props, MIN_BYTES, BACKGROUND_MAX_WAIT_MS);
    }

    /** The two fetch settings of a plain consumer, where {@code props} has no value of its own. */
    private static Properties putIfAbsent(Properties props, int minBytes, int maxWaitMs) {
        props.putIfAbsent("fetch.min.bytes", Integer.toString(minBytes));
        props.putIfAbsent("fetch.max.wait.ms", Integer.toString(maxWaitMs));
        return props;
    }

    /**
     * Puts {@link #settings} into {@code props} where it has no value of its own, under the
     * prefixed name or the plain one (a Kafka Streams consumer takes a prefixed setting over a
     * plain one, so an operator's plain {@code fetch.max.wait.ms} would otherwise lose to ours);
     * returns it.
     */
    public static Properties applyTo(Properties props, String prefix) {
        settings("")
                .forEach(
                        (name, value) -> {
                            if (!props.containsKey(name)) {
                                props.putIfAbsent(prefix + name, value);
                            }
                        });
        return props;
    }
}
