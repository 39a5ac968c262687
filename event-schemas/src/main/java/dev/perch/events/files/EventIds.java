package dev.perch.events.files;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids for lines of files that carry none: a name-based (version 3) UUID of the
 * format, the line number and the line, so that replaying a file twice repeats the same ids and
 * downstream de-duplication drops the second copy, while two equal lines stay two events.
 */
public final class EventIds {
    private EventIds() {}

    /** The id of the event on this line of a file in this format. */
    public static String forLine(String format, long lineNumber, String line) {
        String name = format + '\n' + lineNumber + '\n' + line;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
