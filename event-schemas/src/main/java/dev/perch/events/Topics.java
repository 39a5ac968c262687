package dev.perch.events;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The name of every Kafka topic Perch reads or writes, defined once. Compacted topics hold the
 * latest record per key; the others are plain logs.
 */
public final class Topics {
    /** Click-stream events ({@link ClickEvent}), keyed by user id. */
    public static final String EVENTS = "perch.events";

    /** The catalog ({@link Item}), compacted, keyed by item id. */
    public static final String ITEMS = "perch.items";

    /** Live user states ({@link UserState}), compacted, keyed by user id. */
    public static final String USER_STATE = "perch.user-state";

    /** Co-visitation neighbours ({@link ItemNeighbors}), compacted, keyed by item id. */
    public static final String ITEM_NEIGHBORS = "perch.item-neighbors";

    /** Trending lists ({@link TrendingItems}), compacted, keyed by scope. */
    public static final String TRENDING = "perch.trending";

    /** Live recommendations ({@link Recommendations}), compacted, keyed by user id. */
    public static final String RECOMMENDATIONS = "perch.recommendations";

    /** Rejected input ({@link DeadLetter}) with the reason, keyed by the original key. */
    public static final String DEAD_LETTER = "perch.dead-letter";

    /** Kafka's rule for a topic name: 1 to 249 of these characters, and not "." or "..". */
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /**
     * Whether Kafka accepts {@code name} as a topic name, so that a wrong one given on a command
     * line is refused before anything is read or sent, not per record by the broker.
     */
    public static boolean isLegalName(String name) {
        return name != null
                && LEGAL_NAME.matcher(name).matches()
                && !name.equals(".")
                && !name.equals("..");
    }

    /** Topics that keep only the latest record per key. */
    public static final List<String> COMPACTED =
            List.of(ITEMS, USER_STATE, ITEM_NEIGHBORS, TRENDING, RECOMMENDATIONS);

    /** Every Perch topic. */
    public static final List<String> ALL =
            List.of(
                    EVENTS,
                    ITEMS,
                    USER_STATE,
                    ITEM_NEIGHBORS,
                    TRENDING,
                    RECOMMENDATIONS,
                    DEAD_LETTER);

    private Topics() {}
}
