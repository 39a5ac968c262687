package dev.perch.core;

import dev.perch.events.UserState;
import java.util.Objects;

/**
 * Everything kept for one user: the published {@link UserState}, the length of the decayed
 * embedding sum (which the normalised vector alone does not carry), the user's window of the
 * event-rate limit ({@link UserEventRate}) and their newest event ids ({@link EventIdWindow}).
 *
 * <p>The rate window and the event ids are the user-state job's: it checks both before the update
 * rule and keeps them in the same keyed-state value as the state, so an accepted event costs one
 * state read and one write (states of their own cost two more reads and writes and a timer per
 * event, about two fifths of the job's per-user thread). The update rule neither reads nor sets
 * them ({@link UserStateUpdater} returns a profile without them; the job adds them with {@link
 * #withRateWindow} and {@link #withEventIds}). A profile restored from a savepoint taken before
 * they joined it has {@code rateCount} 0 (no window: the user's next event opens one) and {@code
 * eventIds} null (the job's earlier map state still holds their ids).
 *
 * @param state the state as published on perch.user-state
 * @param vectorNorm the L2 length of the decayed sum behind {@code state.vector}
 * @param rateMinute the start of the rate window's minute of event time (epoch milliseconds)
 * @param rateCount the events counted in that minute; 0 when the profile has no window
 * @param eventIds the user's newest event ids; null when the profile has none
 */
public record UserProfile(
        UserState state,
        double vectorNorm,
        long rateMinute,
        int rateCount,
        EventIdWindow eventIds) {
    public UserProfile {
        Objects.requireNonNull(state, "state");
        if (rateCount < 0) {
            throw new IllegalArgumentException("rateCount must be >= 0: " + rateCount);
        }
    }

    /** A profile without a rate window and event ids. */
    public UserProfile(UserState state, double vectorNorm) {
        this(state, vectorNorm, 0L, 0, null);
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
                ? new UserProfile(state, vectorNorm, 0L, 0, eventIds)
                : new UserProfile(state, vectorNorm, window.start(), window.count(), eventIds);
    }

    /** This profile with {@code ids} as its event ids. */
    public UserProfile withEventIds(EventIdWindow ids) {
        return new UserProfile(state, vectorNorm, rateMinute, rateCount, ids);
    }
}
