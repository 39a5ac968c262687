package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RateLimiter (token bucket per client)")
class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(2, 3, nanos::get);

    private void advanceMillis(long millis) {
        nanos.addAndGet(millis * 1_000_000);
    }

    @Test
    @DisplayName("A client gets its burst at once, then a refusal saying how long to wait")
    void burstThenRefuse() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        }

        RateLimiter.Decision refused = limiter.tryAcquire("a");

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(limiter.tryAcquire("b").allowed()).as("another client").isTrue();
    }

    @Test
    @DisplayName("Tokens come back at the configured rate")
    void refill() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("a");
        }
        advanceMillis(499);
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();

        advanceMillis(1);
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();

        advanceMillis(10_000);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a").allowed()).as("never more than the burst").isTrue();
        }
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
    }

    @Test
    @DisplayName("Retry-After rounds the wait up to whole seconds")
    void retryAfterRoundsUp() {
        RateLimiter slow = new RateLimiter(0.25, 1, nanos::get);
        slow.tryAcquire("a");

        assertThat(slow.tryAcquire("a").retryAfterSeconds()).isEqualTo(4);
    }

    @Test
    @DisplayName("A rate of 0 turns limiting off")
    void disabled() {
        RateLimiter off = new RateLimiter(0, 1, nanos::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(off.tryAcquire("a").allowed()).isTrue();
        }
    }
}
