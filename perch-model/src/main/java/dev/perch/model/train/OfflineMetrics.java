package dev.perch.model.train;

import dev.perch.core.recommend.ScoredId;
import dev.perch.events.RecommendedItem;
import java.util.List;

/**
 * Hit rate and NDCG at a cut-off for one ranking method over held-out events: an event is a hit
 * when its item is in the method's top k, and earns {@code 1 / log2(rank + 1)} (rank from 1).
 */
final class OfflineMetrics {
    private final int k;
    private long events;
    private long hits;
    private double gain;

    OfflineMetrics(int k) {
        this.k = k;
    }

    void addRecommended(List<RecommendedItem> list, String target) {
        int rank = -1;
        for (int i = 0; i < Math.min(k, list.size()); i++) {
            if (list.get(i).getItemId().toString().equals(target)) {
                rank = i;
                break;
            }
        }
        add(rank);
    }

    void addScored(List<ScoredId> list, String target) {
        int rank = -1;
        for (int i = 0; i < Math.min(k, list.size()); i++) {
            if (list.get(i).itemId().equals(target)) {
                rank = i;
                break;
            }
        }
        add(rank);
    }

    private void add(int rank) {
        events++;
        if (rank >= 0) {
            hits++;
            gain += 1.0 / (Math.log(rank + 2) / Math.log(2));
        }
    }

    long events() {
        return events;
    }

    double hitRate() {
        return events == 0 ? 0 : (double) hits / events;
    }

    double ndcg() {
        return events == 0 ? 0 : gain / events;
    }
}
