package dev.perch.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EventTimeBounds: the collector's and the jobs' time bounds agree")
class EventTimeBoundsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final EventTimeBounds BOUNDS = EventTimeBounds.DEFAULT;

    @Test
    @DisplayName("an event 7 minutes in the future is refused by the collector (default bounds)")
    void sevenMinutesAheadIsRefused() {
        assertThat(BOUNDS.check(NOW.plus(Duration.ofMinutes(7)), NOW))
                .hasValueSatisfying(e -> assertThat(e.field()).isEqualTo("eventTime"));
        assertThat(BOUNDS.check(NOW.plus(Duration.ofMinutes(5)), NOW)).isEmpty();
    }

    @Test
    @DisplayName("an event older than the maximum age is refused, one just inside is accepted")
    void tooOldIsRefused() {
        assertThat(BOUNDS.check(NOW.minus(Duration.ofDays(1)).minusSeconds(1), NOW)).isPresent();
        assertThat(BOUNDS.check(NOW.minus(Duration.ofDays(1)), NOW)).isEmpty();
    }

    @Test
    @DisplayName(
            "whatever the collector accepts passes the jobs' future check, even on a job host whose"
                    + " clock is behind by the tolerance")
    void acceptedIsNeverInFutureForTheJobs() {
        Instant collectorNow = NOW;
        Instant latestAccepted = collectorNow.plus(BOUNDS.maxFutureSkew());
        assertThat(BOUNDS.check(latestAccepted, collectorNow)).isEmpty();

        Instant jobsNow = collectorNow.minus(EventTimeBounds.HOST_CLOCK_TOLERANCE);
        assertThat(latestAccepted).isBeforeOrEqualTo(jobsNow.plus(BOUNDS.jobsFutureSkew()));
    }

    @Test
    @DisplayName(
            "whatever the collector accepts is within the jobs' lateness behind any other accepted"
                    + " event of the same user, whenever each arrived")
    void acceptedIsNeverTooOldForTheJobs() {
        // The oldest event accepted now, against the newest event accepted at any time up to now
        // (a later arrival is processed later; the user's latest can be at most now + skew).
        Instant oldestAccepted = NOW.minus(BOUNDS.maxAge());
        Instant newestLatest = NOW.plus(BOUNDS.maxFutureSkew());
        assertThat(BOUNDS.check(oldestAccepted, NOW)).isEmpty();
        assertThat(BOUNDS.check(newestLatest, NOW)).isEmpty();

        assertThat(oldestAccepted).isAfterOrEqualTo(newestLatest.minus(BOUNDS.jobsLateness()));
    }

    @Test
    @DisplayName(
            "custom bounds keep the same relation (the jobs derive theirs from the collector's)")
    void derivedBoundsFollowCustomSettings() {
        EventTimeBounds custom = new EventTimeBounds(Duration.ofMinutes(1), Duration.ofHours(2));

        assertThat(custom.jobsFutureSkew()).isGreaterThanOrEqualTo(custom.maxFutureSkew());
        assertThat(custom.jobsLateness())
                .isGreaterThanOrEqualTo(custom.maxAge().plus(custom.maxFutureSkew()));
    }
}
