package dev.perch.events.files;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import java.time.Instant;

/** Builds the {@link ClickEvent} of one line of a file that has no event ids of its own. */
final class FileEvents {
    private FileEvents() {}

    static LineResult accepted(
            String format,
            long lineNumber,
            String line,
            String userId,
            String sessionId,
            EventType type,
            String itemId,
            Double value,
            long eventTimeMillis) {
        return new LineResult.Accepted(
                new ClickEvent(
                        EventIds.forLine(format, lineNumber, line),
                        userId,
                        sessionId,
                        type,
                        itemId,
                        null,
                        value,
                        Instant.ofEpochMilli(eventTimeMillis),
                        null,
                        null));
    }
}
