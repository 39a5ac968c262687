package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RateLimiter (Bucket4j buckets counting events, per client and per write key)")
class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final TimeMeter clock =
            new TimeMeter() {
                @Override
                public long currentTimeNanos() {
                    return nanos.get();
                }

                @Override
                public boolean isWallClockBased() {
                    return false;
                }
            };

    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000);
    }

    @Test
    @DisplayName("Events are counted, not requests: one batch of 10 uses a burst of 10")
    void countsEvents() {
        RateLimiter limiter =
                new RateLimiter(new RateLimiter.Limit(2, 10), RateLimiter.Limit.NONE, clock);

        assertThat(limiter.tryConsume(null, "10.0.0.1", 10).allowed()).isTrue();
        RateLimiter.Decision refused = limiter.tryConsume(null, "10.0.0.1", 1);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        advanceMillis(1_000);
        assertThat(limiter.tryConsume(null, "10.0.0.1", 2).allowed()).as("2 events/s").isTrue();
        assertThat(limiter.tryConsume(null, "10.0.0.1", 1).allowed()).isFalse();
    }

    @Test
    @DisplayName(
            "Within one write key, each client has its own bucket: one noisy page does not stop the"
                    + " others")
    void perClientWithinKey() {
        RateLimiter limiter =
                new RateLimiter(new RateLimiter.Limit(1, 5), RateLimiter.Limit.NONE, clock);

        assertThat(limiter.tryConsume("key-a", "10.0.0.1", 5).allowed()).isTrue();
        assertThat(limiter.tryConsume("key-a", "10.0.0.1", 1).allowed()).isFalse();

        assertThat(limiter.tryConsume("key-a", "10.0.0.2", 5).allowed())
                .as("another client")
                .isTrue();
    }

    @Test
    @DisplayName(
            "A write key's own limit caps all its clients together, and a refusal by the key costs"
                    + " the client nothing")
    void perKeyCapsAllClients() {
        RateLimiter limiter =
                new RateLimiter(new RateLimiter.Limit(1, 5), new RateLimiter.Limit(1, 8), clock);

        assertThat(limiter.tryConsume("key-a", "10.0.0.1", 5).allowed()).isTrue();
        RateLimiter.Decision byKey = limiter.tryConsume("key-a", "10.0.0.2", 5);
        assertThat(byKey.allowed()).as("8 per key, 5 already used").isFalse();
        assertThat(byKey.retryAfterSeconds()).isPositive();
        assertThat(limiter.tryConsume("key-a", "10.0.0.2", 3).allowed())
                .as("the refused 5 were given back to the client; 3 fit the key")
                .isTrue();
        assertThat(limiter.tryConsume("key-b", "10.0.0.2", 2).allowed()).as("another key").isTrue();
    }

    @Test
    @DisplayName(
            "A batch larger than the burst can never pass, so it is refused without a Retry-After")
    void batchLargerThanBurst() {
        RateLimiter limiter =
                new RateLimiter(new RateLimiter.Limit(1, 5), RateLimiter.Limit.NONE, clock);

        RateLimiter.Decision decision = limiter.tryConsume(null, "10.0.0.1", 6);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.retryAfterSeconds()).isZero();
        assertThat(decision.reason()).contains("at most 5 events");
    }
}
