package dev.perch.core.recommend;

/**
 * How many candidates each source contributes for one user, and how the user's latest items are
 * weighed against older ones.
 *
 * @param nearest items nearest to the user vector
 * @param recentAnchors how many of the user's most recent items have their neighbours looked up
 * @param neighborsPerAnchor neighbours taken per recent item
 * @param trendingCategories how many of the user's strongest categories get their trending list
 * @param trendingPerScope items taken from each trending list (global included)
 * @param popular popular items (always added, so even a cold user has a full list)
 * @param maxCandidates the cap on candidates scored per user (the content source comes on top)
 * @param followAnchors how many of the user's latest distinct items have their followers looked up
 * @param followersPerAnchor followers taken per anchor
 * @param anchorDecay the weight of the anchor {@code r} places before the last one is {@code
 *     anchorDecay^r} (for neighbours and followers alike): the last click weighs most
 * @param sessionItems how many of the latest interactions of the sequence propose themselves again
 *     (re-visits); 0 turns the session source off
 * @param content items nearest in text to the user's recent items (added after the cap, so they
 *     never crowd out the behavioural sources); 0 turns the content source off
 */
public record GatherSettings(
        int nearest,
        int recentAnchors,
        int neighborsPerAnchor,
        int trendingCategories,
        int trendingPerScope,
        int popular,
        int maxCandidates,
        int followAnchors,
        int followersPerAnchor,
        double anchorDecay,
        int sessionItems,
        int content) {

    /** The default number of content candidates. */
    public static final int DEFAULT_CONTENT = 50;

    /**
     * 100 nearest, 20 neighbours of each of the 10 newest items, 3 categories x 20 trending, 50
     * popular, at most 400; 50 followers of each of the 3 latest items, anchor decay 0.5, the last
     * 20 interactions as re-visit candidates; plus 50 nearest in text.
     */
    public static final GatherSettings DEFAULTS =
            new GatherSettings(100, 10, 20, 3, 20, 50, 400, 3, 50, 0.5, 20, DEFAULT_CONTENT);

    public GatherSettings {
        requireNotNegative("nearest", nearest);
        requireNotNegative("recentAnchors", recentAnchors);
        requireNotNegative("neighborsPerAnchor", neighborsPerAnchor);
        requireNotNegative("trendingCategories", trendingCategories);
        requireNotNegative("trendingPerScope", trendingPerScope);
        requireNotNegative("popular", popular);
        requireNotNegative("followAnchors", followAnchors);
        requireNotNegative("followersPerAnchor", followersPerAnchor);
        requireNotNegative("sessionItems", sessionItems);
        requireNotNegative("content", content);
        if (maxCandidates <= 0) {
            throw new IllegalArgumentException("maxCandidates must be positive: " + maxCandidates);
        }
        if (!(anchorDecay > 0 && anchorDecay <= 1)) {
            throw new IllegalArgumentException("anchorDecay must be in (0, 1]: " + anchorDecay);
        }
    }

    /** The settings before the content source existed; it takes its default. */
    public GatherSettings(
            int nearest,
            int recentAnchors,
            int neighborsPerAnchor,
            int trendingCategories,
            int trendingPerScope,
            int popular,
            int maxCandidates,
            int followAnchors,
            int followersPerAnchor,
            double anchorDecay,
            int sessionItems) {
        this(
                nearest,
                recentAnchors,
                neighborsPerAnchor,
                trendingCategories,
                trendingPerScope,
                popular,
                maxCandidates,
                followAnchors,
                followersPerAnchor,
                anchorDecay,
                sessionItems,
                DEFAULT_CONTENT);
    }

    /** The settings before sequential and content sources existed; those take their defaults. */
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
                3,
                50,
                0.5,
                20,
                DEFAULT_CONTENT);
    }

    /** A copy with other sequential settings. */
    public GatherSettings withSequential(
            int newFollowAnchors,
            int newFollowersPerAnchor,
            double newAnchorDecay,
            int newSessionItems) {
        return new GatherSettings(
                nearest,
                recentAnchors,
                neighborsPerAnchor,
                trendingCategories,
                trendingPerScope,
                popular,
                maxCandidates,
                newFollowAnchors,
                newFollowersPerAnchor,
                newAnchorDecay,
                newSessionItems,
                content);
    }

    /** A copy with another neighbour lookup. */
    public GatherSettings withNeighbors(int newRecentAnchors, int newNeighborsPerAnchor) {
        return new GatherSettings(
                nearest,
                newRecentAnchors,
                newNeighborsPerAnchor,
                trendingCategories,
                trendingPerScope,
                popular,
                maxCandidates,
                followAnchors,
                followersPerAnchor,
                anchorDecay,
                sessionItems,
                content);
    }

    /** A copy with another cap on the behavioural sources' candidates per user. */
    public GatherSettings withMaxCandidates(int newMaxCandidates) {
        return new GatherSettings(
                nearest,
                recentAnchors,
                neighborsPerAnchor,
                trendingCategories,
                trendingPerScope,
                popular,
                newMaxCandidates,
                followAnchors,
                followersPerAnchor,
                anchorDecay,
                sessionItems,
                content);
    }

    /** A copy with {@code items} content candidates (0: the source is off). */
    public GatherSettings withContent(int items) {
        return new GatherSettings(
                nearest,
                recentAnchors,
                neighborsPerAnchor,
                trendingCategories,
                trendingPerScope,
                popular,
                maxCandidates,
                followAnchors,
                followersPerAnchor,
                anchorDecay,
                sessionItems,
                items);
    }

    private static void requireNotNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
