package dev.perch.streamjobs;

/**
 * One user's two windows as kept in Flink state, in one value so that a visit reads and writes the
 * user's state once: the recent visits that form co-visits and the recent steps that close
 * transitions. Either may be null (a user whose window has not started).
 *
 * @param visits the contents of the user's perch-core {@code PairWindow}
 * @param steps the contents of the user's perch-core {@code TransitionWindow}
 */
public record RecentWindows(RecentVisits visits, RecentSteps steps) {}
