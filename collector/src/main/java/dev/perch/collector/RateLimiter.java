package dev.perch.collector;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts events, not requests (one request of 500 events costs 500), in two Bucket4j token buckets:
 * one per client (a write key and a remote address together, or the address alone without keys), so
 * that one noisy page cannot use up its site's budget, and one per write key, which caps a whole
 * site. Buckets of idle clients are dropped once many exist, so memory stays bounded.
 */
public final class RateLimiter {

    private static final int PRUNE_ABOVE = 10_000;

    private final Limit perClient;
    private final Limit perKey;
    private final TimeMeter time;
    private final Map<String, Bucket> clients = new ConcurrentHashMap<>();
    private final Map<String, Bucket> keys = new ConcurrentHashMap<>();

    /** A rate in events per second and a burst in events; a rate of 0 or less is no limit. */
    public record Limit(double perSecond, long burst) {
        public static final Limit NONE = new Limit(0, 1);

        boolean enabled() {
            return perSecond > 0;
        }
    }

    /** The verdict on one request's events. */
    public record Decision(boolean allowed, long retryAfterSeconds, String reason) {
        static final Decision ALLOWED = new Decision(true, 0, "allowed");
    }

    /**
     * @param perClient the limit of each client within its key
     * @param perKey the limit of each write key, all its clients together
     * @param time the clock ({@link TimeMeter#SYSTEM_NANOTIME} in production, a counter in tests)
     */
    public RateLimiter(Limit perClient, Limit perKey, TimeMeter time) {
        this.perClient = perClient;
        this.perKey = perKey;
        this.time = time;
    }

    /** Limits with the system clock. */
    public RateLimiter(Limit perClient, Limit perKey) {
        this(perClient, perKey, TimeMeter.SYSTEM_NANOTIME);
    }

    /**
     * Takes {@code events} tokens from the client's and from the key's bucket, or from neither.
     *
     * @param key the write key's fingerprint, or null when no key is used
     * @param client the client within that key (its remote address)
     */
    public Decision tryConsume(String key, String client, int events) {
        Decision byClient =
                take(clients, perClient, (key == null ? "-" : key) + "|" + client, events);
        if (!byClient.allowed() || key == null) {
            return byClient;
        }
        Decision byKey = take(keys, perKey, key, events);
        if (!byKey.allowed() && perClient.enabled()) {
            clients.get((key) + "|" + client).addTokens(events); // nothing was sent
        }
        return byKey;
    }

    private Decision take(Map<String, Bucket> buckets, Limit limit, String id, int events) {
        if (!limit.enabled()) {
            return Decision.ALLOWED;
        }
        if (events > limit.burst()) {
            return new Decision(
                    false,
                    0,
                    "a request may carry at most "
                            + limit.burst()
                            + " events; send smaller batches");
        }
        if (buckets.size() > PRUNE_ABOVE) {
            buckets.values().removeIf(b -> b.getAvailableTokens() >= limit.burst());
        }
        Bucket bucket = buckets.computeIfAbsent(id, ignored -> newBucket(limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(events);
        if (probe.isConsumed()) {
            return Decision.ALLOWED;
        }
        long seconds =
                Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return new Decision(false, seconds, "too many events; retry after the Retry-After seconds");
    }

    private Bucket newBucket(Limit limit) {
        long nanosPerToken = Math.max(1, Math.round(1_000_000_000d / limit.perSecond()));
        return Bucket.builder()
                .addLimit(
                        Bandwidth.builder()
                                .capacity(limit.burst())
                                .refillGreedy(1, Duration.ofNanos(nanosPerToken))
                                .build())
                .withCustomTimePrecision(time)
                .build();
    }
}
