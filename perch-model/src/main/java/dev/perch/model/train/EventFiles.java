package dev.perch.model.train;

import dev.perch.events.ClickEvent;
import dev.perch.events.files.AderPeriodsFormat;
import dev.perch.events.files.EventFileFormat;
import dev.perch.events.files.EventFileLoader;
import dev.perch.events.files.LineParser;
import dev.perch.events.files.LoadedEvents;
import dev.perch.events.files.LoadedFile;
import java.io.IOException;
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
        LineParser parser =
                format.create(AderPeriodsFormat.DEFAULT_START, AderPeriodsFormat.DEFAULT_INTERVAL)
                        .newParser();
        LoadedFile loaded = new EventFileLoader(parser, line -> {}, 0).load(file);
        LoadedEvents kept = loaded.events();
        List<ClickEvent> events = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            events.add(kept.event(i, parser));
        }
        return new Read(events, loaded.rejects().total());
    }
}
