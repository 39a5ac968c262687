package dev.perch.streamjobs;

import dev.perch.core.itemstats.PairWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * One user's recent visits as kept in Flink state (arrays, so Flink serializes them natively): the
 * contents of a perch-core {@link PairWindow}, oldest first.
 *
 * @param itemIds the visited items
 * @param weights each visit's weight
 * @param eventTimes each visit's event time (epoch milliseconds)
 */
public record RecentVisits(String[] itemIds, double[] weights, long[] eventTimes) {

    /** The visits of this window. */
    public static RecentVisits of(PairWindow window) {
        List<PairWindow.Visit> visits = window.visits();
        String[] ids = new String[visits.size()];
        double[] weights = new double[visits.size()];
        long[] times = new long[visits.size()];
        for (int i = 0; i < ids.length; i++) {
            PairWindow.Visit visit = visits.get(i);
            ids[i] = visit.itemId();
            weights[i] = visit.weight();
            times[i] = visit.eventTime();
        }
        return new RecentVisits(ids, weights, times);
    }

    /** The visits as perch-core's values, oldest first. */
    public List<PairWindow.Visit> visits() {
        List<PairWindow.Visit> visits = new ArrayList<>(itemIds.length);
        for (int i = 0; i < itemIds.length; i++) {
            visits.add(new PairWindow.Visit(itemIds[i], weights[i], eventTimes[i]));
        }
        return visits;
    }
}
