package dev.perch.model.train;

import dev.perch.events.ClickEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The items that get an embedding: the {@code maxItems} most frequent in the training events,
 * ordered by frequency then id (so the order, and the file written from it, is deterministic).
 */
final class ItemVocabulary {
    private final List<String> ids;
    private final Map<String, Integer> index;
    private final long[] counts;

    private ItemVocabulary(List<String> ids, long[] counts) {
        this.ids = List.copyOf(ids);
        this.counts = counts;
        this.index = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
    }

    static ItemVocabulary of(List<ClickEvent> events, int maxItems) {
        Map<String, Long> frequency = new HashMap<>();
        for (ClickEvent e : events) {
            if (e.getItemId() != null) {
                frequency.merge(e.getItemId().toString(), 1L, Long::sum);
            }
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(frequency.entrySet());
        sorted.sort(
                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()));
        int n = Math.min(maxItems, sorted.size());
        List<String> ids = new ArrayList<>(n);
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            ids.add(sorted.get(i).getKey());
            counts[i] = sorted.get(i).getValue();
        }
        return new ItemVocabulary(ids, counts);
    }

    int size() {
        return ids.size();
    }

    /** The index of {@code itemId}, or -1 when it has no embedding. */
    int indexOf(CharSequence itemId) {
        if (itemId == null) {
            return -1;
        }
        Integer i = index.get(itemId.toString());
        return i == null ? -1 : i;
    }

    String id(int i) {
        return ids.get(i);
    }

    long count(int i) {
        return counts[i];
    }
}
