package dev.perch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.events.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code perch local --exit-after-start}: a real broker starts, gets every topic, and stops. */
class LocalCommandITCase {

    @Test
    @DisplayName(
            "local starts a broker in the data directory, creates every Perch topic and stops it")
    void startsCreatesTopicsAndStops(@TempDir Path dir) {
        Path data = dir.resolve("kafka");

        CliRun run =
                CliRun.of(
                        "local",
                        "--exit-after-start",
                        "--broker-only",
                        "--data-dir",
                        data.toString(),
                        "--port",
                        "0",
                        "--partitions",
                        "2");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        for (String topic : Topics.ALL) {
            assertThat(run.out()).containsPattern(Pattern.quote(topic) + " +2 partition\\(s\\)");
        }
        assertThat(run.out()).contains("stopped");
        assertThat(Files.isDirectory(data)).isTrue();

        Matcher address = Pattern.compile("is running at ([^:\\s]+):(\\d+)").matcher(run.out());
        assertThat(address.find()).as(run.out()).isTrue();
        assertThatThrownBy(
                        () -> {
                            try (Socket socket = new Socket()) {
                                socket.connect(
                                        new InetSocketAddress(
                                                address.group(1),
                                                Integer.parseInt(address.group(2))),
                                        2_000);
                            }
                        })
                .as("nothing listens on the broker's port after it stopped")
                .isInstanceOf(IOException.class);
    }

    @Test
    @DisplayName(
            "after kill -9 of perch local its broker exits too instead of living on as an orphan"
                    + " that holds the port")
    void childrenExitWhenPerchLocalIsKilled(@TempDir Path dir) throws Exception {
        Process local =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx256m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "dev.perch.cli.PerchCli",
                                "local",
                                "--broker-only",
                                "--data-dir",
                                dir.resolve("data").toString(),
                                "--port",
                                "0",
                                "--partitions",
                                "1")
                        .redirectErrorStream(true)
                        .start();
        StringBuilder output = new StringBuilder();
        try (var lines =
                new java.io.BufferedReader(
                        new java.io.InputStreamReader(
                                local.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("press Ctrl-C")) {
                    break;
                }
            }
            List<ProcessHandle> children = local.descendants().toList();
            assertThat(children).as(output.toString()).isNotEmpty();

            local.destroyForcibly();

            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () ->
                                    assertThat(children)
                                            .as("children of the killed perch local")
                                            .noneMatch(ProcessHandle::isAlive));
        } finally {
            local.destroyForcibly();
            local.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }
}
