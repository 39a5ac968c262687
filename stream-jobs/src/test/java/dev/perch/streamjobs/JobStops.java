package dev.perch.streamjobs;

import java.time.Duration;
import org.apache.flink.core.execution.JobClient;
import org.awaitility.Awaitility;

/** Stopping a test's job completely, before its checkpoint directory is deleted. */
public final class JobStops {
    private JobStops() {}

    /**
     * Cancels the job and waits until it has reached a terminal state: {@code cancel()} returns
     * once the cancellation is accepted, while tasks may still write a checkpoint into a directory
     * that JUnit is about to delete.
     */
    public static void cancelAndAwait(JobClient job) throws Exception {
        job.cancel().get();
        Awaitility.await("job " + job.getJobID() + " stopped")
                .atMost(Duration.ofMinutes(1))
                .until(() -> job.getJobStatus().get().isGloballyTerminalState());
    }
}
