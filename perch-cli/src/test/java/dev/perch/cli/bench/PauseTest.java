package dev.perch.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bench's way of giving a stage the machine to itself: stopping a process and its children. */
class PauseTest {
    /** The process state letter of /proc/PID/stat: T stopped, S sleeping, R running. */
    private static char state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    @Test
    @DisplayName(
            "a paused process and its children are stopped until resumed, and closing the pause"
                    + " resumes them")
    void stopsAndResumesAProcessTree() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
        Process parent = new ProcessBuilder("sh", "-c", "sleep 60 & wait").start();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> parent.toHandle().descendants().findAny().isPresent());
            long child = parent.toHandle().descendants().findFirst().orElseThrow().pid();

            try (Pause pause = Pause.of(List.of(parent.toHandle()))) {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> state(parent.pid()) == 'T' && state(child) == 'T');
                pause.resume();
                Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> state(parent.pid()) != 'T' && state(child) != 'T');
            }

            Pause again = Pause.of(List.of(parent.toHandle()));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state(child) == 'T');
            again.close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state(child) != 'T');
            assertThat(parent.isAlive()).isTrue();
        } finally {
            parent.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }
}
