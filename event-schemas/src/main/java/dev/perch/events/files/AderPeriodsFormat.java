package dev.perch.events.files;

import dev.perch.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * ADER's period files ({@code session_id item_id}, space-separated, no header), which are in time
 * order but have lost their timestamps. Event times are synthesized so that file order is kept:
 * line n happens at {@code start + (n - 1) * interval}. The session is the user; events are CLICKs.
 */
public final class AderPeriodsFormat implements ClickStreamFormat {
    /** The name on the command line. */
    public static final String NAME = "ader-periods";

    /** Default time of line 1, as text: the first day of the YooChoose click log. */
    public static final String DEFAULT_START_TEXT = "2014-04-01T00:00:00Z";

    /** Default time of line 1. */
    public static final Instant DEFAULT_START = Instant.parse(DEFAULT_START_TEXT);

    /** Default milliseconds between two consecutive lines, as text. */
    public static final String DEFAULT_INTERVAL_MS_TEXT = "100";

    /** Default time between two consecutive lines. */
    public static final Duration DEFAULT_INTERVAL =
            Duration.ofMillis(Long.parseLong(DEFAULT_INTERVAL_MS_TEXT));

    private static final String LAYOUT = "session_id item_id";

    private final long startMillis;
    private final long intervalMillis;

    /**
     * @param start the time of line 1
     * @param interval the time between consecutive lines, at least 1 ms so that order is kept
     */
    public AderPeriodsFormat(Instant start, Duration interval) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(interval, "interval");
        if (start.toEpochMilli() <= 0) {
            throw new IllegalArgumentException("start must be after 1970-01-01: " + start);
        }
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval must be at least 1 ms: " + interval);
        }
        this.startMillis = start.toEpochMilli();
        this.intervalMillis = interval.toMillis();
    }

    /** Line 1 at {@link #DEFAULT_START}, one line every {@link #DEFAULT_INTERVAL}. */
    public AderPeriodsFormat() {
        this(DEFAULT_START, DEFAULT_INTERVAL);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LineParser newParser() {
        return this::parse;
    }

    /** The synthesized event time of a line, in epoch milliseconds. */
    public long eventTimeMillis(long lineNumber) {
        return startMillis + (lineNumber - 1) * intervalMillis;
    }

    private LineResult parse(long lineNumber, String line) {
        if (line.isBlank()) {
            return new LineResult.Skipped("blank line");
        }
        if (lineNumber == 1 && line.trim().equals(LAYOUT)) {
            return new LineResult.Skipped("header");
        }
        try {
            String[] c = Columns.split(line.trim(), " ");
            Columns.expectCount(c, 2, LAYOUT);
            String session = Columns.required("session_id", c[0]);
            String item = Columns.required("item_id", c[1]);
            return FileEvents.accepted(
                    NAME,
                    lineNumber,
                    line,
                    session,
                    session,
                    EventType.CLICK,
                    item,
                    null,
                    eventTimeMillis(lineNumber));
        } catch (LineRejectedException e) {
            return e.toResult();
        }
    }
}
