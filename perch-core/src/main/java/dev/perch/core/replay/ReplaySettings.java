package dev.perch.core.replay;

import dev.perch.core.UserStateSettings;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.TransitionSettings;
import dev.perch.core.itemstats.TrendingSettings;
import dev.perch.core.recommend.GatherSettings;
import java.util.Objects;

/**
 * Every knob of a replayed pipeline in one value, so a setting chosen on validation data (see
 * docs/evaluation) is applied the same way by the trainer, the evaluator and, through the jobs'
 * options, the live path.
 *
 * @param userState the user-state update rule
 * @param gather how many candidates each source gives and how anchors are weighed
 * @param coVisitation item-to-item co-visitation
 * @param transitions directional transitions
 * @param trending trending windows
 * @param popularTop how many most popular items the popularity source keeps
 */
public record ReplaySettings(
        UserStateSettings userState,
        GatherSettings gather,
        CoVisitationSettings coVisitation,
        TransitionSettings transitions,
        TrendingSettings trending,
        int popularTop) {

    /** The defaults of every stage, the 1,000 most popular items. */
    public static final ReplaySettings DEFAULTS =
            new ReplaySettings(
                    UserStateSettings.DEFAULTS,
                    GatherSettings.DEFAULTS,
                    CoVisitationSettings.DEFAULTS,
                    TransitionSettings.DEFAULTS,
                    TrendingSettings.DEFAULTS,
                    1_000);

    public ReplaySettings {
        Objects.requireNonNull(userState, "userState");
        Objects.requireNonNull(gather, "gather");
        Objects.requireNonNull(coVisitation, "coVisitation");
        Objects.requireNonNull(transitions, "transitions");
        Objects.requireNonNull(trending, "trending");
        if (popularTop <= 0) {
            throw new IllegalArgumentException("popularTop must be positive: " + popularTop);
        }
    }

    /** A copy with other gather settings. */
    public ReplaySettings withGather(GatherSettings newGather) {
        return new ReplaySettings(
                userState, newGather, coVisitation, transitions, trending, popularTop);
    }

    /** A copy with other transition settings. */
    public ReplaySettings withTransitions(TransitionSettings newTransitions) {
        return new ReplaySettings(
                userState, gather, coVisitation, newTransitions, trending, popularTop);
    }
}
