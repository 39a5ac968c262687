package dev.perch.events.files;

import dev.perch.events.EventType;
import java.util.List;

/**
 * MovieLens-100K as RecBole's atomic file {@code ml-100k.inter}: tab-separated, a typed header
 * ({@code user_id:token item_id:token rating:float timestamp:float}) whose order is followed, time
 * in epoch seconds. Each line is a RATE event; the rating column is optional. Without a header the
 * columns are user, item, rating, timestamp.
 */
public final class MovieLens100kFormat implements ClickStreamFormat {
    /** The name on the command line. */
    public static final String NAME = "movielens-100k";

    private static final String USER = "user_id";
    private static final String ITEM = "item_id";
    private static final String RATING = "rating";
    private static final String TIME = "timestamp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LineParser newParser() {
        return new HeaderedTsvParser(
                List.of(USER, ITEM, RATING, TIME),
                List.of(USER, ITEM, TIME),
                MovieLens100kFormat::event);
    }

    private static LineResult event(long lineNumber, String line, String[] c, HeaderColumns columns)
            throws LineRejectedException {
        String user = Columns.required(USER, columns.get(c, USER));
        String item = Columns.required(ITEM, columns.get(c, ITEM));
        String ratingText = columns.get(c, RATING);
        Double rating = ratingText == null ? null : Columns.number(RATING, ratingText);
        long time = Columns.epochSecondsToMillis(TIME, columns.get(c, TIME));
        return FileEvents.accepted(
                NAME, lineNumber, line, user, null, EventType.RATE, item, rating, time);
    }
}
