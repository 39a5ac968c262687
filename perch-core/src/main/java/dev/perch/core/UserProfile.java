package dev.perch.core;

import dev.perch.events.UserState;
import java.util.Objects;

/**
 * Everything kept for one user: the published {@link UserState}, the length of the decayed
 * embedding sum (which the normalised vector alone does not carry), and the user's window of the
 * event-rate limit ({@link UserEventRate}).
 *
 * <p>The rate window is the user-state job's: it applies the limit before the update rule and keeps
 * the window in the same keyed-state value as the state, so an event costs one state read and one
 * write (a value of its own cost a second read and write per event, a sixth of the job's per-user
 * thread). The update rule neither reads nor sets it ({@link UserStateUpdater} returns a profile
 * without a window; the job adds it with {@link #withRateWindow}). A profile restored from a
 * savepoint taken before the window joined it has {@code rateCount} 0: no window, so the user's
 * next event opens one.
 *
 * @param state the state as published on perch.user-state
 * @param vectorNorm the L2 length of the decayed sum behind {@code state.vector}
 * @param rateMinute the start of the rate window's minute of event time (epoch milliseconds)
 * @param rateCount the events counted in that minute; 0 when the profile has no window
 */
public record UserProfile(UserState state, double vectorNorm, long rateMinute, int rateCount) {
    public UserProfile {
        Objects.requireNonNull(state, "state");
        if (rateCount < 0) {
            throw new IllegalArgumentException("rateCount must be >= 0: " + rateCount);
        }
    }

    /** A profile without a rate window. */
    public UserProfile(UserState state, double vectorNorm) {
        this(state, vectorNorm, 0L, 0);
    }

    /** The decayed embedding sum this profile holds. */
    public DecayedSum vectorSum() {
        float[] direction = new float[state.getVector().size()];
        for (int i = 0; i < direction.length; i++) {
            direction[i] = state.getVector().get(i);
        }
        return new DecayedSum(direction, vectorNorm, state.getVectorWeight());
    }

    /** The user's rate window, or null when this profile has none. */
    public UserEventRate.Window rateWindow() {
        return rateCount == 0 ? null : new UserEventRate.Window(rateMinute, rateCount);
    }

    /** This profile with {@code window} as its rate window (null: none). */
    public UserProfile withRateWindow(UserEventRate.Window window) {
        return window == null
                ? new UserProfile(state, vectorNorm)
                : new UserProfile(state, vectorNorm, window.start(), window.count());
    }
}
