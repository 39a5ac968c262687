package dev.perch.events.files;

import dev.perch.events.EventType;
import java.util.List;

/**
 * Session-based click logs in the GRU4Rec / session-rec layout ({@code SessionId ItemId Time},
 * tab-separated, header optional, time in epoch seconds with a fraction). Sessions are anonymous,
 * so the session is the user: both userId and sessionId carry the session id. Events are CLICKs.
 */
public final class SessionClicksFormat implements ClickStreamFormat {
    /** The name on the command line. */
    public static final String NAME = "session-clicks";

    private static final String SESSION = "SessionId";
    private static final String ITEM = "ItemId";
    private static final String TIME = "Time";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LineParser newParser() {
        List<String> columns = List.of(SESSION, ITEM, TIME);
        return new HeaderedTsvParser(columns, columns, SessionClicksFormat::event);
    }

    private static LineResult event(long lineNumber, String line, String[] c, HeaderColumns columns)
            throws LineRejectedException {
        String session = Columns.required(SESSION, columns.get(c, SESSION));
        String item = Columns.required(ITEM, columns.get(c, ITEM));
        long time = Columns.epochSecondsToMillis(TIME, columns.get(c, TIME));
        return FileEvents.accepted(
                NAME, lineNumber, line, session, session, EventType.CLICK, item, null, time);
    }
}
