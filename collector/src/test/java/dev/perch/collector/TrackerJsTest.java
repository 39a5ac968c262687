package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.kafka.RequiredInCi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("tracker.js (run with node)")
class TrackerJsTest {

    /** The tracker as shipped and its specification, relative to the module directory. */
    static final Path TRACKER = Path.of("src/main/resources/public/tracker.js");

    static final Path SPEC = Path.of("src/test/js/tracker.test.js");

    /** Whether a {@code node} binary answers on the PATH. */
    static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    @DisplayName("Batching, backoff, retries with the same event ids, sendBeacon on page hide")
    void trackerSpecificationPasses() throws Exception {
        RequiredInCi.assume(
                nodeAvailable(),
                "node is not on the PATH: tracker.js's specification (src/test/js) needs it");
        Process node =
                new ProcessBuilder("node", SPEC.toString(), TRACKER.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("(\\d+)/\\1 passed");
    }
}
