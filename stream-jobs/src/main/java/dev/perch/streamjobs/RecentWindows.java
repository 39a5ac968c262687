package dev.perch.streamjobs;

import dev.perch.core.itemstats.PairWindow;
import dev.perch.core.itemstats.TransitionWindow;
import java.util.List;

/**
 * One user's two windows as kept in Flink state, in one value so that a visit reads and writes the
 * user's state once: the recent visits that form co-visits and the recent steps that close
 * transitions. Either may be null (a user whose window has not started).
 *
 * @param visits the contents of the user's perch-core {@code PairWindow}
 * @param steps the contents of the user's perch-core {@code TransitionWindow}
 */
public record RecentWindows(RecentVisits visits, RecentSteps steps) {

    /** The pair window's visits, oldest first; empty for no windows or no visits. */
    public static List<PairWindow.Visit> visitsOf(RecentWindows windows) {
        return windows == null || windows.visits() == null ? List.of() : windows.visits().visits();
    }

    /** The transition window's steps, oldest first; empty for no windows or no steps. */
    public static List<TransitionWindow.Step> stepsOf(RecentWindows windows) {
        return windows == null || windows.steps() == null ? List.of() : windows.steps().steps();
    }
}
