package dev.perch.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.files.EventFileFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Reading event files for training")
class EventFilesTest {
    @TempDir Path dir;

    @Test
    @DisplayName("a headered format keeps its header and every valid line, in file order")
    void headeredFormat() throws Exception {
        Path file = dir.resolve("clicks.txt");
        Files.write(
                file,
                List.of(
                        "SessionId\tItemId\tTime",
                        "3\t214716935\t1396437466.94",
                        "3\tnot-a-time",
                        "6\t214701242\t1396796300.848"));
        EventFiles.Read read = EventFiles.read(file, EventFileFormat.fromCliName("session-clicks"));
        assertThat(read.rejected()).isEqualTo(1);
        assertThat(read.events())
                .extracting(ClickEvent::getItemId)
                .containsExactly("214716935", "214701242");
        assertThat(read.events().get(0).getUserId()).isEqualTo("3");
        assertThat(read.events().get(0).getType()).isEqualTo(EventType.CLICK);
        assertThat(read.events().get(1).getEventTime())
                .isEqualTo(Instant.ofEpochMilli(1396796300848L));
    }
}
