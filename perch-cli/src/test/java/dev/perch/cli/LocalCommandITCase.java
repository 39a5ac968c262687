package dev.perch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.events.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
}
