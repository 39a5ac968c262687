package dev.perch.collector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client (write key or remote address): {@code burst} requests at once, refilled
 * at {@code perSecond}. Idle clients' buckets are dropped once full again, so memory stays bounded
 * by the clients active in the last {@code burst / perSecond} seconds.
 */
public final class RateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int PRUNE_ABOVE = 10_000;

    private final double perSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** The verdict for one request: allowed, or refused with the seconds to wait. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    /**
     * @param perSecond refill rate; 0 or less turns limiting off
     * @param burst bucket size
     * @param nanoTime the clock ({@code System::nanoTime} in production, a counter in tests)
     */
    public RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes one token from {@code client}'s bucket if there is one. */
    public Decision tryAcquire(String client) {
        if (perSecond <= 0) {
            return Decision.ALLOWED;
        }
        long now = nanoTime.getAsLong();
        if (buckets.size() > PRUNE_ABOVE) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        return buckets.computeIfAbsent(client, c -> new Bucket(now)).take(now);
    }

    /** One client's tokens; synchronized because requests of one client may be concurrent. */
    private final class Bucket {
        private double tokens = burst;
        private long updated;

        Bucket(long now) {
            this.updated = now;
        }

        synchronized Decision take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Decision.ALLOWED;
            }
            double missingSeconds = (1 - tokens) / perSecond;
            return new Decision(false, Math.max(1, (long) Math.ceil(missingSeconds)));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            double elapsed = (now - updated) / (double) NANOS_PER_SECOND;
            tokens = Math.min(burst, tokens + elapsed * perSecond);
            updated = now;
        }
    }
}
