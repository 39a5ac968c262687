package dev.perch.core;

import dev.perch.events.RecentItem;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's bounded interaction sequence: one entry per event with an item, repeats included, in
 * event-time order (oldest first, newest last). Sequential signals (transitions, re-clicks, the
 * last click) and sequence models read it, where the distinct {@link RecentItemList} loses order
 * and repeats.
 *
 * <p>A late event is inserted at its event-time position (after entries with the same time, so
 * arrival order breaks ties); when the list is full the oldest entry falls off, and an event older
 * than every kept entry of a full list is not added. The list is therefore the same whatever order
 * the events arrived in, up to ties in event time.
 */
public final class InteractionSequence {
    private InteractionSequence() {}

    /**
     * The sequence with this interaction added, at most {@code max} long. Returns a new list; the
     * argument is not changed.
     */
    public static List<RecentItem> add(List<RecentItem> sequence, RecentItem item, int max) {
        int at = sequence.size();
        while (at > 0 && sequence.get(at - 1).getEventTime().isAfter(item.getEventTime())) {
            at--;
        }
        if (at == 0 && sequence.size() >= max) {
            return List.copyOf(sequence);
        }
        List<RecentItem> result = new ArrayList<>(Math.min(sequence.size() + 1, max + 1));
        result.addAll(sequence);
        result.add(at, item);
        int excess = result.size() - max;
        return excess > 0 ? new ArrayList<>(result.subList(excess, result.size())) : result;
    }

    /** The item ids of a sequence, oldest first. */
    public static List<String> itemIds(List<RecentItem> sequence) {
        List<String> ids = new ArrayList<>(sequence.size());
        for (RecentItem r : sequence) {
            ids.add(r.getItemId());
        }
        return ids;
    }
}
