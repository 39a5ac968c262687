package dev.perch.cli.replay;

import java.time.Duration;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Counts sends and their acknowledgements or failures, and waits until every send has been
 * answered, so that a summary is never printed while callbacks are still pending.
 */
public final class SendTracker implements Callback {
    private long sent;
    private long acknowledged;
    private long failed;
    private Exception firstFailure;

    /** Call before each send; pass {@code this} as the send's callback. */
    public synchronized void sending() {
        sent++;
    }

    @Override
    public synchronized void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            acknowledged++;
        } else {
            failed++;
            if (firstFailure == null) {
                firstFailure = exception;
            }
        }
        notifyAll();
    }

    /** Counts a send that threw before it could be answered. */
    public void failedToSend(Exception exception) {
        onCompletion(null, exception);
    }

    /**
     * Waits until every send has been acknowledged or has failed.
     *
     * @return false when the timeout passed first
     */
    public synchronized boolean awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged + failed < sent) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    public synchronized long sent() {
        return sent;
    }

    public synchronized long acknowledged() {
        return acknowledged;
    }

    public synchronized long failed() {
        return failed;
    }

    /** Sends not (yet) answered. */
    public synchronized long pending() {
        return sent - acknowledged - failed;
    }

    /** The first failure, or null. */
    public synchronized Exception firstFailure() {
        return firstFailure;
    }
}
