package dev.perch.events.files;

import dev.perch.events.ClickEventRules.FieldError;
import dev.perch.events.json.ClickEventJson;
import dev.perch.events.json.ClickEventJson.ParsedEvent;
import java.util.stream.Collectors;

/**
 * Perch's own JSON lines: one event per line in the form accepted by {@code POST /v1/events}
 * ({@link ClickEventJson}). The event keeps the id it carries.
 */
public final class JsonLinesFormat implements ClickStreamFormat {
    /** The name on the command line. */
    public static final String NAME = "json";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LineParser newParser() {
        return JsonLinesFormat::parse;
    }

    private static LineResult parse(long lineNumber, String line) {
        if (line.isBlank()) {
            return new LineResult.Skipped("blank line");
        }
        ParsedEvent parsed = ClickEventJson.parse(line);
        if (parsed.isValid()) {
            return new LineResult.Accepted(parsed.event());
        }
        boolean unreadable = parsed.errors().stream().anyMatch(e -> e.field().equals("$"));
        String detail =
                parsed.errors().stream()
                        .map(JsonLinesFormat::describe)
                        .collect(Collectors.joining("; "));
        return LineResult.rejected(
                unreadable ? RejectReason.UNDECODABLE : RejectReason.INVALID_EVENT, detail);
    }

    private static String describe(FieldError error) {
        return error.field() + " " + error.reason();
    }
}
