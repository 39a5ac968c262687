package dev.perch.events.files;

import dev.perch.events.ClickEvent;
import dev.perch.events.ClickEventRules;
import dev.perch.events.ClickEventRules.FieldError;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Reads a whole click-stream file (plain or {@code .gz}) with one format's parser, keeps the lines
 * that hold valid events ({@link ClickEventRules}) and hands every other line, with its reason, to
 * a callback. Malformed lines never stop the reading.
 */
public final class EventFileLoader {
    private final LineParser parser;
    private final Consumer<RejectedLine> onReject;
    private final int maxExamples;

    /**
     * @param parser the parser of this file (it sees line 1 first)
     * @param onReject called for every rejected line, in file order
     * @param maxExamples how many rejected lines the tally keeps as examples
     */
    public EventFileLoader(LineParser parser, Consumer<RejectedLine> onReject, int maxExamples) {
        this.parser = parser;
        this.onReject = onReject;
        this.maxExamples = maxExamples;
    }

    /** Opens the file, decompressing it when its name ends with {@code .gz}. */
    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }

    /** Reads the file. */
    public LoadedFile load(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return load(in);
        }
    }

    /** Reads a stream to its end (the caller closes it). */
    public LoadedFile load(InputStream in) throws IOException {
        RawLineReader reader = new RawLineReader(in);
        Utf8Lines utf8 = new Utf8Lines();
        LoadedEvents events = new LoadedEvents();
        RejectTally rejects = new RejectTally(maxExamples);
        long lineNumber = 0;
        long skipped = 0;
        while (reader.next()) {
            lineNumber++;
            byte[] bytes = reader.bytes();
            int length = reader.length();
            String line = utf8.decode(bytes, 0, length);
            LineResult result =
                    line == null
                            ? LineResult.rejected(RejectReason.UNDECODABLE, "not valid UTF-8")
                            : parser.parse(lineNumber, line);
            if (result instanceof LineResult.Accepted accepted) {
                result = validated(accepted.event());
            }
            if (result instanceof LineResult.Accepted accepted) {
                events.add(
                        accepted.event().getEventTime().toEpochMilli(), lineNumber, bytes, length);
            } else if (result instanceof LineResult.Rejected rejected) {
                RejectedLine rejectedLine =
                        new RejectedLine(
                                lineNumber,
                                rejected.reason(),
                                rejected.detail(),
                                Arrays.copyOf(bytes, length));
                rejects.add(rejectedLine);
                onReject.accept(rejectedLine);
            } else {
                skipped++;
            }
        }
        return new LoadedFile(events, lineNumber, skipped, rejects);
    }

    private static LineResult validated(ClickEvent event) {
        List<FieldError> errors = ClickEventRules.validate(event);
        if (errors.isEmpty()) {
            return new LineResult.Accepted(event);
        }
        return LineResult.rejected(
                RejectReason.INVALID_EVENT,
                errors.stream()
                        .map(e -> e.field() + " " + e.reason())
                        .collect(Collectors.joining("; ")));
    }
}
