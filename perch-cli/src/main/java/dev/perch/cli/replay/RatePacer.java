package dev.perch.cli.replay;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Spaces events at a fixed rate. Event k (0-based) is due {@code k / rate} seconds after the start,
 * computed from the start every time, so sleeping too long on one event is made up on the next ones
 * instead of accumulating drift. A rate of 0 means as fast as possible.
 */
public final class RatePacer {
    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    private final double eventsPerSecond;

    private RatePacer(double eventsPerSecond) {
        if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException(
                    "rate must be a finite number >= 0 (0 = unlimited): " + eventsPerSecond);
        }
        this.eventsPerSecond = eventsPerSecond;
    }

    /** No pacing. */
    public static RatePacer unlimited() {
        return new RatePacer(0);
    }

    /** {@code eventsPerSecond} events per second; 0 means unlimited. */
    public static RatePacer perSecond(double eventsPerSecond) {
        return new RatePacer(eventsPerSecond);
    }

    /** Whether this pacer never waits. */
    public boolean isUnlimited() {
        return eventsPerSecond == 0;
    }

    /** When event {@code k} is due, in nanoseconds after the start (0 when unlimited). */
    public long dueNanos(long k) {
        if (isUnlimited()) {
            return 0;
        }
        return (long) (k * NANOS_PER_SECOND / eventsPerSecond);
    }

    /**
     * How long to wait before sending event {@code k} when {@code elapsedNanos} have passed since
     * the start; 0 when it is due or late.
     */
    public long waitNanos(long k, long elapsedNanos) {
        return Math.max(0, dueNanos(k) - elapsedNanos);
    }

    /**
     * Parks the calling thread until event {@code k} is due ({@code nanoClock} as System.nanoTime).
     */
    public void awaitTurn(long k, long startNanos, LongSupplier nanoClock) {
        if (isUnlimited()) {
            return;
        }
        long wait;
        while ((wait = waitNanos(k, nanoClock.getAsLong() - startNanos)) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
