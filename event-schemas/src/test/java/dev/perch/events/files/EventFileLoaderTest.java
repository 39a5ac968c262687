package dev.perch.events.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventFileLoaderTest {
    private final List<RejectedLine> rejected = new ArrayList<>();

    private LoadedFile load(byte[] bytes) throws IOException {
        return new EventFileLoader(new RetailRocketFormat().newParser(), rejected::add, 3)
                .load(new ByteArrayInputStream(bytes));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("a kept line parses again into its event with the parser that loaded it")
    void keptLinesParseAgain() throws IOException {
        LineParser parser = new RetailRocketFormat().newParser();
        LoadedEvents events =
                new EventFileLoader(parser, rejected::add, 3)
                        .load(
                                new ByteArrayInputStream(
                                        utf8(
                                                RetailRocketFormat.HEADER
                                                        + "\n1433221332117,257597,view,355908,\n")))
                        .events();

        assertThat(events.event(0, parser).getItemId()).isEqualTo("355908");
        assertThat(events.event(0, parser).getUserId()).isEqualTo("257597");
        LineParser rejectsAll = (lineNumber, line) -> parser.parse(lineNumber, "garbage");
        assertThatThrownBy(() -> events.event(0, rejectsAll))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 2 parsed differently");
    }

    @Test
    @DisplayName("valid lines are kept with their time and line number, headers and blanks skipped")
    void keepsValidLines() throws IOException {
        LoadedFile file =
                load(
                        utf8(
                                RetailRocketFormat.HEADER
                                        + "\n"
                                        + "1433221332117,257597,view,355908,\n"
                                        + "\n"
                                        + "1433221332000,1,addtocart,2,\n"));

        assertThat(file.lines()).isEqualTo(4);
        assertThat(file.skipped()).isEqualTo(2);
        assertThat(file.rejects().total()).isZero();
        LoadedEvents events = file.events();
        assertThat(events.size()).isEqualTo(2);
        assertThat(events.lineNumber(0)).isEqualTo(2);
        assertThat(events.eventTime(0)).isEqualTo(1433221332117L);
        assertThat(events.line(1)).isEqualTo("1433221332000,1,addtocart,2,");
        assertThat(events.inEventTimeOrder()).isFalse();
        assertThat(events.eventTimeOrder()).containsExactly(1, 0);
    }

    @Test
    @DisplayName("CRLF line ends and a last line without a line end are read like LF lines")
    void lineEnds() throws IOException {
        LoadedFile file = load(utf8("1,1,view,1,\r\n2,2,view,2,"));

        assertThat(file.events().size()).isEqualTo(2);
        assertThat(file.events().line(0)).isEqualTo("1,1,view,1,");
        assertThat(file.events().line(1)).isEqualTo("2,2,view,2,");
    }

    @Test
    @DisplayName("rejected lines reach the callback with their line number and exact bytes")
    void rejectsWithBytes() throws IOException {
        byte[] notUtf8 = {'1', ',', (byte) 0xC3, (byte) 0x28, ',', 'v'};
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(utf8("1,1,view,1,\n1,2,3\n"));
        file.writeBytes(notUtf8);
        file.writeBytes(utf8("\n1,1,look,1,\n"));

        LoadedFile loaded = load(file.toByteArray());

        assertThat(loaded.events().size()).isEqualTo(1);
        assertThat(rejected)
                .extracting(RejectedLine::lineNumber, RejectedLine::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, RejectReason.WRONG_FIELD_COUNT),
                        org.assertj.core.groups.Tuple.tuple(3L, RejectReason.UNDECODABLE),
                        org.assertj.core.groups.Tuple.tuple(4L, RejectReason.UNKNOWN_EVENT_TYPE));
        assertThat(rejected.get(1).raw()).isEqualTo(notUtf8);
        assertThat(loaded.rejects().total()).isEqualTo(3);
        assertThat(loaded.rejects().count(RejectReason.UNDECODABLE)).isEqualTo(1);
    }

    @Test
    @DisplayName("events that parse but break ClickEventRules are rejected as INVALID_EVENT")
    void rulesApply() throws IOException {
        String longUser = "u".repeat(300);

        LoadedFile loaded = load(utf8("1433221332117," + longUser + ",view,355908,\n"));

        assertThat(loaded.events().size()).isZero();
        assertThat(rejected)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.reason()).isEqualTo(RejectReason.INVALID_EVENT);
                            assertThat(r.detail()).contains("userId");
                        });
    }

    @Test
    @DisplayName("the tally keeps only the first examples but counts every reject")
    void examplesAreBounded() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            text.append("broken\n");
        }

        LoadedFile loaded = load(utf8(text.toString()));

        assertThat(loaded.rejects().total()).isEqualTo(10);
        assertThat(loaded.rejects().examples()).hasSize(3);
        assertThat(rejected).hasSize(10);
    }

    @Test
    @DisplayName("a .gz file is decompressed")
    void gzip(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(utf8(RetailRocketFormat.HEADER + "\n1,1,view,1,\n"));
        }

        LoadedFile loaded =
                new EventFileLoader(new RetailRocketFormat().newParser(), rejected::add, 3)
                        .load(file);

        assertThat(loaded.events().size()).isEqualTo(1);
    }

    @Test
    @DisplayName("lines longer than the read buffer and many lines across chunks stay intact")
    void longLines() throws IOException {
        String longItem = "i".repeat(100_000);
        StringBuilder text = new StringBuilder();
        text.append("5,5,view,").append(longItem).append(",\n");
        for (int i = 1; i <= 20_000; i++) {
            text.append(i).append(',').append(i % 7).append(",view,").append(i).append(",\n");
        }

        LoadedFile loaded = load(utf8(text.toString()));

        // the long item breaks the 256-character id rule; everything else is kept
        assertThat(loaded.rejects().count(RejectReason.INVALID_EVENT)).isEqualTo(1);
        assertThat(loaded.events().size()).isEqualTo(20_000);
        assertThat(loaded.events().line(19_999)).isEqualTo("20000,1,view,20000,");
    }
}
