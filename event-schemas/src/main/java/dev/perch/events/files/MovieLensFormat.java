package dev.perch.events.files;

import dev.perch.events.EventType;

/**
 * MovieLens {@code ratings.dat} (ML-1M, ML-10M): {@code UserID::MovieID::Rating::Timestamp}, time
 * in epoch seconds, no header. Each line is a RATE event whose value is the rating.
 */
public final class MovieLensFormat implements ClickStreamFormat {
    /** The name on the command line. */
    public static final String NAME = "movielens";

    private static final String LAYOUT = "UserID::MovieID::Rating::Timestamp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LineParser newParser() {
        return MovieLensFormat::parse;
    }

    private static LineResult parse(long lineNumber, String line) {
        if (line.isBlank()) {
            return new LineResult.Skipped("blank line");
        }
        try {
            String[] c = Columns.split(line, "::");
            Columns.expectCount(c, 4, LAYOUT);
            String user = Columns.required("UserID", c[0]);
            String movie = Columns.required("MovieID", c[1]);
            double rating = Columns.number("Rating", c[2]);
            long time = Columns.epochSecondsToMillis("Timestamp", c[3]);
            return FileEvents.accepted(
                    NAME, lineNumber, line, user, null, EventType.RATE, movie, rating, time);
        } catch (LineRejectedException e) {
            return e.toResult();
        }
    }
}
