package dev.perch.core.recommend;

/**
 * How many candidates each source contributes for one user.
 *
 * @param nearest items nearest to the user vector
 * @param recentAnchors how many of the user's most recent items have their neighbours looked up
 * @param neighborsPerAnchor neighbours taken per recent item
 * @param trendingCategories how many of the user's strongest categories get their trending list
 * @param trendingPerScope items taken from each trending list (global included)
 * @param popular popular items (always added, so even a cold user has a full list)
 * @param maxCandidates the cap on candidates scored per user (the content source comes on top)
 * @param content items nearest in text to the user's recent items (added after the cap, so they
 *     never crowd out the behavioural sources)
 */
public record GatherSettings(
        int nearest,
        int recentAnchors,
        int neighborsPerAnchor,
        int trendingCategories,
        int trendingPerScope,
        int popular,
        int maxCandidates,
        int content) {

    /**
     * 100 nearest, 20 neighbours of each of the 10 newest items, 3 categories x 20 trending, 50
     * popular, at most 400, plus 50 nearest in text.
     */
    public static final GatherSettings DEFAULTS =
            new GatherSettings(100, 10, 20, 3, 20, 50, 400, 50);

    /** Settings without the content source. */
    public GatherSettings(
            int nearest,
            int recentAnchors,
            int neighborsPerAnchor,
            int trendingCategories,
            int trendingPerScope,
            int popular,
            int maxCandidates) {
        this(
                nearest,
                recentAnchors,
                neighborsPerAnchor,
                trendingCategories,
                trendingPerScope,
                popular,
                maxCandidates,
                0);
    }

    /** The same settings with {@code items} content candidates (0: the source is off). */
    public GatherSettings withContent(int items) {
        return new GatherSettings(
                nearest,
                recentAnchors,
                neighborsPerAnchor,
                trendingCategories,
                trendingPerScope,
                popular,
                maxCandidates,
                items);
    }

    public GatherSettings {
        requireNotNegative("nearest", nearest);
        requireNotNegative("recentAnchors", recentAnchors);
        requireNotNegative("neighborsPerAnchor", neighborsPerAnchor);
        requireNotNegative("trendingCategories", trendingCategories);
        requireNotNegative("trendingPerScope", trendingPerScope);
        requireNotNegative("popular", popular);
        requireNotNegative("content", content);
        if (maxCandidates <= 0) {
            throw new IllegalArgumentException("maxCandidates must be positive: " + maxCandidates);
        }
    }

    private static void requireNotNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
