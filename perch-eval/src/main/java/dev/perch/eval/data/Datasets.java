package dev.perch.eval.data;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.files.AderPeriodsFormat;
import dev.perch.events.files.EventFileFormat;
import dev.perch.events.files.EventFileLoader;
import dev.perch.events.files.LineParser;
import dev.perch.events.files.LoadedEvents;
import dev.perch.events.files.LoadedFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the staged datasets into time-ordered {@link Interaction}s. Formats with a parser in
 * event-schemas ({@code dev.perch.events.files}) go through it; the two formats it lacks (the
 * MovieLens-1M sequence TSV and ADER's period directories, whose period boundaries matter) are read
 * here, with documented synthetic times.
 */
public final class Datasets {
    /**
     * Synthetic time of the first event where a dataset has none (2014-04-01, YooChoose's start).
     */
    public static final long SYNTHETIC_START = AderPeriodsFormat.DEFAULT_START.toEpochMilli();

    /**
     * MovieLens-1M sequences: item {@code seq_idx} of every user happens this long after the last.
     */
    public static final long ML1M_STEP_MILLIS = 60_000;

    private static final long DAY = 86_400_000L;
    private static final Pattern PERIOD = Pattern.compile("period_(\\d+)\\.txt");

    private Datasets() {}

    /**
     * MovieLens-1M as per-user sequences ({@code user_id movie_id seq_idx split}, optionally gzip),
     * events at {@code SYNTHETIC_START + seq_idx minutes} so that a replay in time order
     * interleaves users by position; every event is a RATE.
     */
    public static List<Interaction> movieLensSequences(Path file) throws IOException {
        Interner ids = new Interner();
        List<Interaction> events = new ArrayList<>(1_000_210);
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                EventFileLoader.open(file), StandardCharsets.UTF_8))) {
            String line = in.readLine();
            if (line != null && !line.startsWith("user_id")) {
                throw new IOException("expected the header user_id movie_id seq_idx split");
            }
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] c = line.split("\t");
                String user = ids.intern(c[0]);
                long time = SYNTHETIC_START + Long.parseLong(c[2]) * ML1M_STEP_MILLIS;
                events.add(new Interaction(user, user, ids.intern(c[1]), EventType.VIEW, time));
            }
        }
        return sortedByTime(events);
    }

    /**
     * A file in one of event-schemas' formats (retailrocket, movielens-100k, session-clicks, ...),
     * or every regular file of a directory in that format, as interactions in event-time order
     * (ties in file order). Rejected lines are counted in {@code rejected}, never silently dropped.
     */
    public static List<Interaction> parsed(EventFileFormat format, Path path, long[] rejected)
            throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> list = Files.list(path)) {
                list.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        } else {
            files.add(path);
        }
        Interner ids = new Interner();
        List<Interaction> events = new ArrayList<>();
        for (Path file : files) {
            LineParser parser =
                    format.create(
                                    AderPeriodsFormat.DEFAULT_START,
                                    AderPeriodsFormat.DEFAULT_INTERVAL)
                            .newParser();
            LoadedFile loaded = new EventFileLoader(parser, r -> {}, 5).load(file);
            if (rejected != null && rejected.length > 0) {
                rejected[0] += loaded.rejects().total();
            }
            LoadedEvents lines = loaded.events();
            for (int i : lines.eventTimeOrder()) {
                events.add(of(lines.event(i, parser), ids));
            }
        }
        return sortedByTime(events);
    }

    /**
     * ADER period files ({@code period_N.txt}: {@code session_id item_id} in time order, no
     * timestamps) as one list per period, read with event-schemas' {@link AderPeriodsFormat}.
     * Period p is day p after {@link #SYNTHETIC_START}; its lines are spread evenly over that day
     * in file order. Sessions are users; events are CLICKs. Malformed lines are counted in {@code
     * rejected}, never silently dropped.
     */
    public static List<List<Interaction>> aderPeriods(Path directory, long[] rejected)
            throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files =
                    list.filter(p -> PERIOD.matcher(p.getFileName().toString()).matches())
                            .sorted(Comparator.comparingInt(Datasets::periodOf))
                            .toList();
        }
        if (files.isEmpty()) {
            throw new IOException("no period_N.txt file in " + directory);
        }
        Interner ids = new Interner();
        List<List<Interaction>> periods = new ArrayList<>();
        for (Path file : files) {
            long lineCount;
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                lineCount = lines.count();
            }
            Instant start = Instant.ofEpochMilli(SYNTHETIC_START + periodOf(file) * DAY);
            Duration step = Duration.ofMillis(Math.max(1, DAY / Math.max(1, lineCount)));
            LineParser parser = new AderPeriodsFormat(start, step).newParser();
            LoadedFile loaded = new EventFileLoader(parser, r -> {}, 5).load(file);
            if (rejected != null && rejected.length > 0) {
                rejected[0] += loaded.rejects().total();
            }
            LoadedEvents lines = loaded.events();
            List<Interaction> period = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                period.add(of(lines.event(i, parser), ids));
            }
            periods.add(period);
        }
        return periods;
    }

    private static int periodOf(Path file) {
        Matcher m = PERIOD.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a period file: " + file);
        }
        return Integer.parseInt(m.group(1));
    }

    private static Interaction of(ClickEvent event, Interner ids) {
        String user = ids.intern(event.getUserId());
        String session = event.getSessionId() == null ? user : ids.intern(event.getSessionId());
        return new Interaction(
                user,
                session,
                ids.intern(event.getItemId()),
                event.getType(),
                event.getEventTime().toEpochMilli(),
                event.getValue());
    }

    private static List<Interaction> sortedByTime(List<Interaction> events) {
        events.sort(Comparator.comparingLong(Interaction::time));
        return events;
    }
}
