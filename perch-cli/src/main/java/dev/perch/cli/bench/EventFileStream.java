package dev.perch.cli.bench;

import dev.perch.events.ClickEvent;
import dev.perch.events.ClickEventRules;
import dev.perch.events.files.AderPeriodsFormat;
import dev.perch.events.files.EventFileFormat;
import dev.perch.events.files.EventFileLoader;
import dev.perch.events.files.LineParser;
import dev.perch.events.files.LineResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The events of a click-stream file, read line by line as they are sent, so the benchmark holds one
 * event in memory instead of millions. Lines that are not valid events are skipped and counted.
 * With {@code cycle}, the file starts over at its end (a long phase on a short file). The first
 * {@code skip} valid events of every pass are left out: the bench trains its model on them, so it
 * never sends an event the model learnt from. Not thread-safe.
 */
public final class EventFileStream implements AutoCloseable {
    private final Path file;
    private final Supplier<LineParser> parsers;
    private final boolean cycle;
    private final long skip;
    private BufferedReader reader;
    private LineParser parser;
    private long lineNumber;
    private long rejected;
    private long passes;
    private long validThisPass;

    /**
     * @param parsers a new parser for each pass over the file (a parser may remember the header)
     */
    public EventFileStream(Path file, Supplier<LineParser> parsers, boolean cycle)
            throws IOException {
        this(file, parsers, cycle, 0);
    }

    /**
     * @param parsers a new parser for each pass over the file (a parser may remember the header)
     * @param skip how many valid events at the top of the file every pass leaves out
     */
    public EventFileStream(Path file, Supplier<LineParser> parsers, boolean cycle, long skip)
            throws IOException {
        if (skip < 0) {
            throw new IllegalArgumentException("skip must be >= 0: " + skip);
        }
        this.file = file;
        this.parsers = parsers;
        this.cycle = cycle;
        this.skip = skip;
        open();
    }

    /**
     * The next valid event, or null at the end of the file (with {@code cycle}, null only when a
     * pass has no event after the skipped ones).
     */
    public ClickEvent next() throws IOException {
        while (true) {
            String line = reader.readLine();
            if (line == null) {
                if (!cycle || validThisPass <= skip) {
                    return null;
                }
                reader.close();
                open();
                continue;
            }
            lineNumber++;
            LineResult result = parser.parse(lineNumber, line);
            if (result instanceof LineResult.Accepted accepted) {
                if (ClickEventRules.validate(accepted.event()).isEmpty()) {
                    if (++validThisPass > skip) {
                        return accepted.event();
                    }
                    continue;
                }
                rejected++;
            } else if (result instanceof LineResult.Rejected) {
                rejected++;
            }
        }
    }

    /** New parsers of the bench's file {@code format} (a replay format name). */
    public static Supplier<LineParser> parsers(EventFileFormat format) {
        return () ->
                format.create(AderPeriodsFormat.DEFAULT_START, AderPeriodsFormat.DEFAULT_INTERVAL)
                        .newParser();
    }

    /** Lines that held no valid event so far. */
    public long rejected() {
        return rejected;
    }

    /** How many times reading started over at the top of the file. */
    public long restarts() {
        return passes - 1;
    }

    private void open() throws IOException {
        reader =
                new BufferedReader(
                        new InputStreamReader(EventFileLoader.open(file), StandardCharsets.UTF_8),
                        1 << 16);
        parser = parsers.get();
        lineNumber = 0; // the parser numbers the lines of each pass from 1
        validThisPass = 0;
        passes++;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
