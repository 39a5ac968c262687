package dev.perch.core;

/**
 * The per-user event rate limit, one decision for the collector and the user-state job: at most
 * {@code maxPerMinute} events of one user per minute of event time. The collector applies it when
 * events arrive (429 with Retry-After), so that what it answers "accepted" is not dead-lettered as
 * RATE_LIMITED later; the job applies it again as the backstop for producers that bypass the
 * collector.
 *
 * <p>A user's {@link Window} is the latest minute of event time they sent in and how many events it
 * counted; an event of a later minute opens a new window, an event of the same or an earlier minute
 * counts in the current one. Both places run {@link #admit} on the user's events in the order their
 * Kafka partition holds them.
 *
 * @param maxPerMinute events of one user per minute of event time; more are refused
 */
public record UserEventRate(int maxPerMinute) {

    /** Events of one user per minute of event time, unless configured otherwise. */
    public static final int DEFAULT_MAX_PER_MINUTE = 600;

    /** The limit at its default. */
    public static final UserEventRate DEFAULT = new UserEventRate(DEFAULT_MAX_PER_MINUTE);

    private static final long MINUTE = 60_000L;

    public UserEventRate {
        if (maxPerMinute < 1) {
            throw new IllegalArgumentException("maxPerMinute must be >= 1: " + maxPerMinute);
        }
    }

    /**
     * One user's count in their latest minute of event time.
     *
     * @param start the start of the minute (epoch milliseconds)
     * @param count events counted in it
     */
    public record Window(long start, int count) {}

    /**
     * The user's window after counting an event at {@code eventTimeMillis}, or null when the window
     * is full and the event is refused (the window is then unchanged).
     *
     * @param current the user's window, or null before their first event
     */
    public Window admit(Window current, long eventTimeMillis) {
        long minute = minuteOf(eventTimeMillis);
        if (current == null || minute > current.start()) {
            return new Window(minute, 1);
        }
        if (current.count() >= maxPerMinute) {
            return null;
        }
        return new Window(current.start(), current.count() + 1);
    }

    /**
     * The seconds from wall-clock {@code nowMillis} until the minute after {@code full}'s, when the
     * user's events of the present are admitted again: at least one (the Retry-After of a refusal).
     */
    public long retryAfterSeconds(Window full, long nowMillis) {
        long next = full.start() + MINUTE;
        return Math.max(1, (next - nowMillis + 999) / 1000);
    }

    /** The start of the minute of {@code eventTimeMillis}. */
    public static long minuteOf(long eventTimeMillis) {
        return eventTimeMillis - Math.floorMod(eventTimeMillis, MINUTE);
    }
}
