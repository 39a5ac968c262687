package dev.perch.modelserver;

import dev.perch.events.UserState;

/**
 * Never moves a user backwards: a state is scored only when its version is above the version of the
 * list already published for the user and of the state already waiting for the next batch.
 */
public final class VersionGuard {
    /** {@code published} of {@link #admits} for a user with no published list. */
    public static final long NONE = -1;

    private VersionGuard() {}

    /**
     * Whether {@code incoming} should replace what the user has.
     *
     * @param published the user-state version of the list published last for the user, or {@link
     *     #NONE}
     * @param buffered the state waiting for the next batch, or null
     */
    public static boolean admits(UserState incoming, long published, UserState buffered) {
        long version = incoming.getVersion();
        if (published >= version) {
            return false;
        }
        return buffered == null || buffered.getVersion() < version;
    }
}
