package dev.perch.modelserver;

import dev.perch.events.Recommendations;
import dev.perch.events.UserState;

/**
 * Never moves a user backwards: a state is scored only when its version is above the version of the
 * list already published for the user and of the state already waiting for the next batch.
 */
public final class VersionGuard {
    private VersionGuard() {}

    /**
     * {@link #admits(UserState, long, UserState)}'s published version when no list was published.
     */
    public static final long NOTHING_PUBLISHED = Long.MIN_VALUE;

    /**
     * Whether {@code incoming} should replace what the user has.
     *
     * @param published the list published last for the user, or null
     * @param buffered the state waiting for the next batch, or null
     */
    public static boolean admits(
            UserState incoming, Recommendations published, UserState buffered) {
        return admits(
                incoming,
                published == null ? NOTHING_PUBLISHED : published.getUserStateVersion(),
                buffered);
    }

    /**
     * Whether {@code incoming} should replace what the user has, knowing only the version of the
     * user's published list.
     *
     * @param publishedVersion the user-state version of the list published last for the user, or
     *     {@link #NOTHING_PUBLISHED}
     * @param buffered the state waiting for the next batch, or null
     */
    public static boolean admits(UserState incoming, long publishedVersion, UserState buffered) {
        long version = incoming.getVersion();
        if (publishedVersion != NOTHING_PUBLISHED && publishedVersion >= version) {
            return false;
        }
        return buffered == null || buffered.getVersion() < version;
    }
}
