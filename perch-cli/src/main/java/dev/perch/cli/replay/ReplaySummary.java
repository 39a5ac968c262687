package dev.perch.cli.replay;

import dev.perch.events.files.RejectTally;
import dev.perch.events.files.RejectedLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lines {@code perch replay} ends with: the count, the rejects by reason, the time and the
 * rate, then a few rejected lines as examples.
 */
public final class ReplaySummary {
    private static final int MAX_EXAMPLE_CHARS = 100;

    private ReplaySummary() {}

    /**
     * E.g. {@code replayed 2,756,101 events (rejected 12: 8 WRONG_FIELD_COUNT, 4 BAD_TIMESTAMP) in
     * 41.2 s = 66,900 events/s}.
     */
    public static String headline(ReplayResult result, RejectTally rejects) {
        String rejected =
                rejects.total() == 0
                        ? "rejected 0"
                        : String.format(
                                Locale.US, "rejected %,d: %s", rejects.total(), rejects.byReason());
        return String.format(
                Locale.US,
                "replayed %,d events (%s) in %.1f s = %,.0f events/s",
                result.acknowledged(),
                rejected,
                result.elapsedNanos() / 1e9,
                result.eventsPerSecond());
    }

    /** One line per example rejected line: number, reason, detail and the start of the text. */
    public static List<String> examples(RejectTally rejects) {
        List<String> lines = new ArrayList<>();
        for (RejectedLine line : rejects.examples()) {
            lines.add(
                    String.format(
                            Locale.US,
                            "  line %,d %s: %s | %s",
                            line.lineNumber(),
                            line.reason(),
                            line.detail(),
                            preview(line.raw())));
        }
        if (rejects.total() > lines.size() && !lines.isEmpty()) {
            lines.add(
                    String.format(
                            Locale.US,
                            "  ... and %,d more (all of them on the dead-letter topic)",
                            rejects.total() - lines.size()));
        }
        return lines;
    }

    private static String preview(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        return text.length() <= MAX_EXAMPLE_CHARS
                ? text
                : text.substring(0, MAX_EXAMPLE_CHARS) + "...";
    }
}
