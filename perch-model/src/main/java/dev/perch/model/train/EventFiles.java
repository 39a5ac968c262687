package dev.perch.model.train;

import dev.perch.events.ClickEvent;
import dev.perch.events.files.AderPeriodsFormat;
import dev.perch.events.files.EventFileFormat;
import dev.perch.events.files.EventFileLoader;
import dev.perch.events.files.LineParser;
import dev.perch.events.files.LineResult;
import dev.perch.events.files.LoadedEvents;
import dev.perch.events.files.LoadedFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a recorded click-stream file (any {@link EventFileFormat}) into events for training: the
 * same loader and validation as {@code perch replay} (ader-periods gets replay's default synthetic
 * times), rejected lines counted, not fatal.
 */
public final class EventFiles {
    /**
     * The events read and how many lines were refused.
     *
     * @param events the valid events, in file order
     * @param rejected lines refused (malformed or invalid)
     */
    public record Read(List<ClickEvent> events, long rejected) {}

    private EventFiles() {}

    /** Reads {@code file} (plain or .gz) in {@code format}. */
    public static Read read(Path file, EventFileFormat format) throws IOException {
        LoadedFile loaded =
                new EventFileLoader(
                                format.create(
                                                AderPeriodsFormat.DEFAULT_START,
                                                AderPeriodsFormat.DEFAULT_INTERVAL)
                                        .newParser(),
                                line -> {},
                                0)
                        .load(file);
        LoadedEvents kept = loaded.events();
        LineParser parser =
                format.create(AderPeriodsFormat.DEFAULT_START, AderPeriodsFormat.DEFAULT_INTERVAL)
                        .newParser();
        if (kept.size() == 0 || kept.lineNumber(0) != 1) {
            parser.parse(1, firstLine(file));
        }
        List<ClickEvent> events = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            LineResult result = parser.parse(kept.lineNumber(i), kept.line(i));
            if (result instanceof LineResult.Accepted accepted) {
                events.add(accepted.event());
            }
        }
        return new Read(events, loaded.rejects().total());
    }

    /** Line 1 of the file, which a parser reads its header from; "" for an empty file. */
    private static String firstLine(Path file) throws IOException {
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(
                                EventFileLoader.open(file), StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            return line == null ? "" : line;
        }
    }
}
