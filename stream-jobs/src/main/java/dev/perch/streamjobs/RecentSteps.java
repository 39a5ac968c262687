package dev.perch.streamjobs;

import dev.perch.core.itemstats.TransitionWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * One user's last interactions as kept in Flink state (arrays, so Flink serializes them natively):
 * the contents of a perch-core {@link TransitionWindow}, oldest first.
 *
 * @param itemIds the items, repeats included
 * @param eventTimes each interaction's event time (epoch milliseconds)
 */
public record RecentSteps(String[] itemIds, long[] eventTimes) {

    /** The steps of this window. */
    public static RecentSteps of(TransitionWindow window) {
        List<TransitionWindow.Step> steps = window.steps();
        String[] ids = new String[steps.size()];
        long[] times = new long[steps.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = steps.get(i).itemId();
            times[i] = steps.get(i).eventTime();
        }
        return new RecentSteps(ids, times);
    }

    /** The steps as perch-core's values, oldest first. */
    public List<TransitionWindow.Step> steps() {
        List<TransitionWindow.Step> steps = new ArrayList<>(itemIds.length);
        for (int i = 0; i < itemIds.length; i++) {
            steps.add(new TransitionWindow.Step(itemIds[i], eventTimes[i]));
        }
        return steps;
    }
}
