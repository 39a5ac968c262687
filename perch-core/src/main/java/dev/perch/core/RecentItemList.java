package dev.perch.core;

import dev.perch.events.RecentItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A bounded list of distinct items, newest first, each with its latest event. Ordered by event time
 * (then item id), so the list ends up the same whatever order the events arrived in: the {@code
 * max} items whose latest events are newest.
 */
public final class RecentItemList {
    /** Newest first; ties broken by item id so the order is total. */
    public static final Comparator<RecentItem> NEWEST_FIRST =
            Comparator.comparing(RecentItem::getEventTime)
                    .reversed()
                    .thenComparing(RecentItem::getItemId);

    private RecentItemList() {}

    /**
     * The list with this item added: it replaces an older entry of the same item, is dropped if
     * that item already has a newer entry, and the oldest entries beyond {@code max} fall off.
     * Returns a new list; the argument is not changed.
     */
    public static List<RecentItem> add(List<RecentItem> items, RecentItem item, int max) {
        List<RecentItem> result = new ArrayList<>(Math.min(items.size() + 1, max + 1));
        for (RecentItem existing : items) {
            if (!existing.getItemId().equals(item.getItemId())) {
                result.add(existing);
            } else if (supersedes(existing, item)) {
                return List.copyOf(items);
            }
        }
        int at = 0;
        while (at < result.size() && NEWEST_FIRST.compare(result.get(at), item) < 0) {
            at++;
        }
        result.add(at, item);
        while (result.size() > max) {
            result.remove(result.size() - 1);
        }
        return result;
    }

    /** True when {@code a} is the entry to keep over {@code b} for the same item. */
    private static boolean supersedes(RecentItem a, RecentItem b) {
        int byTime = a.getEventTime().compareTo(b.getEventTime());
        return byTime > 0 || (byTime == 0 && a.getType().ordinal() >= b.getType().ordinal());
    }
}
