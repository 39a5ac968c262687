package dev.perch.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The events of a fixed-rate phase that are still waiting for their outputs, per user, and the
 * latencies of those that got them. An output (a {@code UserState} or a {@code Recommendations}
 * list) covers every event of its user whose state version it includes: a list computed from a
 * state that coalesced three clicks answers all three, each from its own intended send time.
 *
 * <p>Versions are {@code max(previous + 1, eventTime ms * 2^20)} (docs/events.md), so a state
 * includes the event of time {@code t} exactly when its version is at least {@code t * 2^20},
 * provided a user's events have strictly increasing milliseconds: {@link #sent} hands out such
 * event times. Thread-safe: the producer adds, the probes cover.
 */
public final class PendingEvents {
    /** The outputs whose latency is measured. */
    public enum Stage {
        /** perch.user-state, written by the stream jobs. */
        USER_STATE,
        /** perch.recommendations, written by the model server. */
        RECOMMENDATIONS
    }

    private static final int VERSION_SHIFT = 20;
    private static final long MAX_MILLIS = 3_600_000L;

    /** The default length of a window of {@link #timeline}: five seconds of intended send times. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);

    /** Windows kept per stage; later events count in the phase's figures only. */
    private static final long MAX_WINDOWS = 3_600;

    private final Map<String, UserEvents> users = new HashMap<>();
    private final Histogram[] latencies = {
        new Histogram(MAX_MILLIS * 1000, 3), new Histogram(MAX_MILLIS * 1000, 3)
    };

    /** Per stage, the latencies of the events intended in each window, in window order. */
    private final List<List<Histogram>> windows = List.of(new ArrayList<>(), new ArrayList<>());

    private final long[] outstanding = new long[2];
    private final long[] uncovered = new long[2];
    private final long windowNanos;
    private long measureFromNanos = Long.MAX_VALUE;
    private long measureUntilNanos = Long.MAX_VALUE;

    /** Events in windows of {@link #DEFAULT_WINDOW}. */
    public PendingEvents() {
        this(DEFAULT_WINDOW);
    }

    /** Events whose {@link #timeline} has windows of {@code window} (at least a millisecond). */
    public PendingEvents(Duration window) {
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("a window of at least 1 ms, not " + window);
        }
        this.windowNanos = window.toNanos();
    }

    /** The length of a window of {@link #timeline}. */
    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /**
     * Starts a new phase: forgets every user and latency; latencies will be recorded for events
     * intended in {@code [fromNanos, untilNanos)} (System.nanoTime scale); earlier ones are
     * warm-up.
     */
    public synchronized void reset(long fromNanos, long untilNanos) {
        users.clear();
        for (Histogram h : latencies) {
            h.reset();
        }
        windows.forEach(List::clear);
        outstanding[0] = outstanding[1] = 0;
        uncovered[0] = uncovered[1] = 0;
        measureFromNanos = fromNanos;
        measureUntilNanos = untilNanos;
    }

    /**
     * Registers an event of {@code user} intended at {@code intendedNanos} (wall clock {@code
     * intendedMillis}) and returns the event time to send it with: the intended millisecond, moved
     * on past the user's previous event when two fall in the same millisecond.
     */
    public synchronized long sent(String user, long intendedNanos, long intendedMillis) {
        UserEvents events = users.computeIfAbsent(user, u -> new UserEvents());
        long eventTime = Math.max(intendedMillis, events.lastEventTime + 1);
        events.add(eventTime, intendedNanos);
        outstanding[0]++;
        outstanding[1]++;
        return eventTime;
    }

    /**
     * An output of {@code stage} for {@code user} with state version {@code version} was consumed
     * at {@code nowNanos}: every event it covers gets its latency. Outputs of users or versions
     * this phase did not send (an older phase, a backlog) cover nothing.
     *
     * @return how many events it covered
     */
    public synchronized int covered(Stage stage, String user, long version, long nowNanos) {
        UserEvents events = users.get(user);
        if (events == null) {
            return 0;
        }
        long coveredUpTo = version >> VERSION_SHIFT;
        int s = stage.ordinal();
        int count = 0;
        while (events.head[s] < events.size && events.eventTimes[events.head[s]] <= coveredUpTo) {
            record(s, events.intended[events.head[s]], nowNanos);
            events.head[s]++;
            count++;
        }
        outstanding[s] -= count;
        return count;
    }

    /**
     * Ends the measurement at {@code nowNanos}: every measured event still without an output of a
     * stage is recorded with the time it has waited so far (a lower bound of its latency, so a lost
     * or late output can only make the percentiles worse) and counted as uncovered.
     */
    public synchronized void cutOff(long nowNanos) {
        for (UserEvents events : users.values()) {
            for (int s = 0; s < 2; s++) {
                for (int i = events.head[s]; i < events.size; i++) {
                    if (record(s, events.intended[i], nowNanos)) {
                        uncovered[s]++;
                    }
                }
                outstanding[s] -= events.size - events.head[s];
                events.head[s] = events.size;
            }
        }
    }

    /** Events of any phase so far sent but not yet covered by {@code stage}. */
    public synchronized long outstanding(Stage stage) {
        return outstanding[stage.ordinal()];
    }

    /** Measured events that {@link #cutOff} found without an output of {@code stage}. */
    public synchronized long uncovered(Stage stage) {
        return uncovered[stage.ordinal()];
    }

    /** A copy of the measured latencies of {@code stage}, in microseconds. */
    public synchronized Histogram latencies(Stage stage) {
        return latencies[stage.ordinal()].copy();
    }

    /**
     * The measured latencies of {@code stage} by when the events were intended: the first histogram
     * holds the events intended in the first {@link #window} of the measurement, the next the
     * following window, and so on (a window without events is empty). A lag that grows over a phase
     * shows as percentiles that rise from window to window.
     */
    public synchronized List<Histogram> timeline(Stage stage) {
        List<Histogram> copies = new ArrayList<>();
        for (Histogram window : windows.get(stage.ordinal())) {
            copies.add(window.copy());
        }
        return copies;
    }

    /** Users with events this phase. */
    public synchronized int users() {
        return users.size();
    }

    private boolean record(int stage, long intendedNanos, long nowNanos) {
        if (intendedNanos < measureFromNanos || intendedNanos >= measureUntilNanos) {
            return false;
        }
        long micros = Math.min(Math.max(0, (nowNanos - intendedNanos) / 1000), MAX_MILLIS * 1000);
        latencies[stage].recordValue(micros);
        List<Histogram> byWindow = windows.get(stage);
        long window = (intendedNanos - measureFromNanos) / windowNanos;
        if (window < MAX_WINDOWS) {
            while (byWindow.size() <= window) {
                byWindow.add(new Histogram(MAX_MILLIS * 1000, 2));
            }
            byWindow.get((int) window).recordValue(micros);
        }
        return true;
    }

    /** One user's events in send order: event time and intended send time, two read positions. */
    private static final class UserEvents {
        long[] eventTimes = new long[2];
        long[] intended = new long[2];
        int size;
        final int[] head = new int[2];
        long lastEventTime = Long.MIN_VALUE / 2;

        void add(long eventTime, long intendedNanos) {
            if (size == eventTimes.length) {
                int done = Math.min(head[0], head[1]); // covered by both stages: not needed
                if (done > 0) {
                    System.arraycopy(eventTimes, done, eventTimes, 0, size - done);
                    System.arraycopy(intended, done, intended, 0, size - done);
                    size -= done;
                    head[0] -= done;
                    head[1] -= done;
                } else {
                    eventTimes = Arrays.copyOf(eventTimes, size * 2);
                    intended = Arrays.copyOf(intended, size * 2);
                }
            }
            eventTimes[size] = eventTime;
            intended[size] = intendedNanos;
            size++;
            lastEventTime = eventTime;
        }
    }
}
