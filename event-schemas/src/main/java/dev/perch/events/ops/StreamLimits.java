package dev.perch.events.ops;

import java.time.Duration;

/**
 * Limits of the live recommendation streams (SSE), direct on the model server or proxied by the
 * collector: open streams per client and in total, a heartbeat comment that finds clients that went
 * away (a write to a closed socket fails), and how long a stream may stay without a new list before
 * it is closed (browsers' EventSource reconnects by itself).
 *
 * @param perClient open streams one client (remote address) may hold
 * @param total open streams the process holds at most
 * @param heartbeat interval of the {@code : keep-alive} comments
 * @param idleTimeout a stream without a new list for this long is closed
 */
public record StreamLimits(int perClient, int total, Duration heartbeat, Duration idleTimeout) {

    /** The collector's proxy: 16 per client, 512 in total, 15 s heartbeats, 10 min idle. */
    public static final StreamLimits COLLECTOR =
            new StreamLimits(16, 512, Duration.ofSeconds(15), Duration.ofMinutes(10));

    /**
     * The model server: its clients include the collectors (one address for many browsers), so the
     * per-client limit is the collector's total; 2048 in total.
     */
    public static final StreamLimits MODEL_SERVER =
            new StreamLimits(512, 2048, Duration.ofSeconds(15), Duration.ofMinutes(10));

    public StreamLimits {
        if (perClient < 1 || total < 1) {
            throw new IllegalArgumentException("stream limits must be >= 1");
        }
        if (heartbeat.isNegative() || heartbeat.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("heartbeat must be > 0 and idleTimeout >= 0");
        }
    }

    public StreamLimits withCounts(int perClientValue, int totalValue) {
        return new StreamLimits(perClientValue, totalValue, heartbeat, idleTimeout);
    }

    public StreamLimits withTimes(Duration heartbeatValue, Duration idleTimeoutValue) {
        return new StreamLimits(perClient, total, heartbeatValue, idleTimeoutValue);
    }

    /** Fresh counters with these limits. */
    public ConnectionSlots slots() {
        return new ConnectionSlots(perClient, total);
    }
}
