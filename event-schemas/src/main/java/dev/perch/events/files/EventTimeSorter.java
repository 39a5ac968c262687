package dev.perch.events.files;

/**
 * A stable order of events by event time: events with equal times keep their file order. Sorts an
 * index permutation of a primitive array (merge sort, no boxing), so millions of events need only
 * two int arrays.
 */
public final class EventTimeSorter {
    private EventTimeSorter() {}

    /**
     * The indices {@code 0..n-1} ordered by {@code times[i]}, ties in index order.
     *
     * @param n how many leading entries of {@code times} to sort
     */
    public static int[] stableOrder(long[] times, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (isSorted(times, n)) {
            return order;
        }
        int[] scratch = new int[n];
        int[] from = order;
        int[] to = scratch;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                merge(times, from, to, lo, mid, hi);
            }
            int[] swap = from;
            from = to;
            to = swap;
        }
        return from;
    }

    /** Whether the first {@code n} times never decrease. */
    public static boolean isSorted(long[] times, int n) {
        for (int i = 1; i < n; i++) {
            if (times[i] < times[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static void merge(long[] times, int[] from, int[] to, int lo, int mid, int hi) {
        int left = lo;
        int right = mid;
        for (int k = lo; k < hi; k++) {
            if (left < mid && (right >= hi || times[from[left]] <= times[from[right]])) {
                to[k] = from[left++];
            } else {
                to[k] = from[right++];
            }
        }
    }
}
