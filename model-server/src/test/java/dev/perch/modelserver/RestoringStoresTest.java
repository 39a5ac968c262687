package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RestoringStoresTest {
    private final TopicPartition p0 = new TopicPartition("changelog", 0);
    private final TopicPartition p1 = new TopicPartition("changelog", 1);

    /** A store partition counts from its restoration's start until it ends or moves away. */
    @Test
    void countsEachStorePartitionUntilItsRestorationEndsOrIsSuspended() {
        RestoringStores restoring = new RestoringStores();
        restoring.onRestoreStart(p0, "latest-user-states", 0, 10);
        restoring.onRestoreStart(p1, "latest-user-states", 0, 10);
        restoring.onRestoreStart(p0, "latest-recommendations", 0, 10);
        restoring.onBatchRestored(p0, "latest-user-states", 5, 5);
        assertThat(restoring.count()).isEqualTo(3);

        restoring.onRestoreEnd(p0, "latest-user-states", 10);
        restoring.onRestoreSuspended(p1, "latest-user-states", 3);
        assertThat(restoring.count()).isEqualTo(1);

        restoring.onRestoreEnd(p0, "latest-recommendations", 10);
        assertThat(restoring.count()).isZero();
    }
}
