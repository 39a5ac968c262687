package dev.perch.core;

import dev.perch.events.UserState;
import java.util.Objects;

/**
 * Everything the update rule keeps for one user: the published {@link UserState} plus the length of
 * the decayed embedding sum, which the normalised vector alone does not carry.
 *
 * @param state the state as published on perch.user-state
 * @param vectorNorm the L2 length of the decayed sum behind {@code state.vector}
 */
public record UserProfile(UserState state, double vectorNorm) {
    public UserProfile {
        Objects.requireNonNull(state, "state");
    }

    /** The decayed embedding sum this profile holds. */
    public DecayedSum vectorSum() {
        float[] direction = new float[state.getVector().size()];
        for (int i = 0; i < direction.length; i++) {
            direction[i] = state.getVector().get(i);
        }
        return new DecayedSum(direction, vectorNorm, state.getVectorWeight());
    }
}
