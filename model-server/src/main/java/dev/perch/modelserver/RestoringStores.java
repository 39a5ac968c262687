package dev.perch.modelserver;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * The store partitions this instance is restoring from their changelogs now. Kafka Streams reports
 * RUNNING while a task's stores still restore in the background (the state updater), and a store
 * partition in restoration is not queryable: a user's stored list then reads as absent. So {@code
 * /health} says DEGRADED, not UP, until none is left.
 */
final class RestoringStores implements StateRestoreListener {
    private final Set<String> restoring = ConcurrentHashMap.newKeySet();

    @Override
    public void onRestoreStart(
            TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.add(key(partition, store));
    }

    @Override
    public void onBatchRestored(
            TopicPartition partition, String store, long batchEndOffset, long numRestored) {}

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(key(partition, store));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        // the task moved to another instance before its restoration ended
        restoring.remove(key(partition, store));
    }

    /** How many store partitions are restoring. */
    int count() {
        return restoring.size();
    }

    private static String key(TopicPartition partition, String store) {
        return store + "@" + partition;
    }
}
