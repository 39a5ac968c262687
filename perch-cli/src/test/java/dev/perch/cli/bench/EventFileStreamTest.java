package dev.perch.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.files.AderPeriodsFormat;
import dev.perch.events.files.EventFileFormat;
import dev.perch.events.files.LineParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileStreamTest {
    private static final Supplier<LineParser> ADER =
            () ->
                    EventFileFormat.fromCliName("ader-periods")
                            .create(
                                    AderPeriodsFormat.DEFAULT_START,
                                    AderPeriodsFormat.DEFAULT_INTERVAL)
                            .newParser();

    @TempDir Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("events.txt"), text);
    }

    private static List<String> users(EventFileStream stream, int n) throws IOException {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ClickEvent e = stream.next();
            users.add(e == null ? null : e.getUserId() + "/" + e.getItemId());
        }
        return users;
    }

    @Test
    @DisplayName("reads the file's events in order, skipping and counting lines without one")
    void readsInOrderAndCountsRejects() throws IOException {
        try (EventFileStream stream =
                new EventFileStream(file("1 10\nnot a line\n2 20\n3 30\n"), ADER, false)) {
            assertThat(users(stream, 4)).containsExactly("1/10", "2/20", "3/30", null);
            assertThat(stream.rejected()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("with cycle, starts over at the end of the file, for phases longer than the file")
    void cycles() throws IOException {
        try (EventFileStream stream = new EventFileStream(file("1 10\n2 20\n"), ADER, true)) {
            assertThat(users(stream, 5)).containsExactly("1/10", "2/20", "1/10", "2/20", "1/10");
            assertThat(stream.restarts()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("an empty file ends the stream even with cycle (no endless loop)")
    void emptyFileEnds() throws IOException {
        try (EventFileStream stream = new EventFileStream(file(""), ADER, true)) {
            assertThat(stream.next()).isNull();
        }
    }

    @Test
    @DisplayName(
            "the first N valid events of every pass are skipped (the model's training events are"
                    + " never sent), invalid lines not counted among them")
    void skipsTheTrainingEventsOfEveryPass() throws IOException {
        try (EventFileStream stream =
                new EventFileStream(file("1 10\nnot a line\n2 20\n3 30\n4 40\n"), ADER, true, 2)) {
            assertThat(users(stream, 5)).containsExactly("3/30", "4/40", "3/30", "4/40", "3/30");
            assertThat(stream.rejected()).isEqualTo(3);
        }
        try (EventFileStream stream =
                new EventFileStream(file("1 10\n2 20\n3 30\n"), ADER, false, 1)) {
            assertThat(users(stream, 3)).containsExactly("2/20", "3/30", null);
        }
    }

    @Test
    @DisplayName("a file with no event after the skipped ones ends the stream even with cycle")
    void nothingAfterTheSkippedEnds() throws IOException {
        try (EventFileStream stream = new EventFileStream(file("1 10\n2 20\n"), ADER, true, 2)) {
            assertThat(stream.next()).isNull();
        }
    }
}
