package dev.perch.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.UserState;
import dev.perch.kafka.KafkaBrokerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * LocalStreamJobs as bin/perch local runs it: a child JVM on the shaded job jar alone, against the
 * real broker. Stopped with SIGTERM and started again on the same data directory, it resumes from
 * its retained checkpoint: user-state versions go on instead of starting again at 1.
 */
class LocalStreamJobsITCase {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @TempDir Path data;

    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no job jar: run mvn package first"));
        }
    }

    private Process start(KafkaTestBed kafka, Path log, int webPort) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-cp", jobJar().toString()));
        command.add("dev.perch.streamjobs.LocalStreamJobs");
        command.addAll(List.of("--bootstrap", KAFKA.bootstrapServers()));
        command.addAll(List.of("--data-dir", data.toString(), "--parallelism", "1"));
        if (webPort > 0) {
            command.addAll(List.of("--web-port", Integer.toString(webPort)));
        }
        String[][] topics = {
            {"perch.user-state.events-topic", "events"},
            {"perch.user-state.items-topic", "items"},
            {"perch.user-state.output-topic", "user-state"},
            {"perch.user-state.dead-letter-topic", "dead-letter"},
            {"perch.item-statistics.events-topic", "events"},
            {"perch.item-statistics.items-topic", "items"},
            {"perch.item-statistics.neighbors-topic", "item-neighbors"},
            {"perch.item-statistics.trending-topic", "trending"},
            {"perch.item-statistics.dead-letter-topic", "dead-letter"}
        };
        for (String[] t : topics) {
            command.addAll(List.of("--" + t[0], kafka.topic(t[1])));
        }
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        awaitLine(process, log, "stream-jobs running: user-state, item-statistics");
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://localhost:" + port + path))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static void awaitLine(Process process, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.readString(log).contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in:\n" + Files.readString(log));
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
    }

    private static List<ClickEvent> views(String user, int count, Instant from) {
        List<ClickEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(
                    Fixtures.event(
                            user, EventType.VIEW, i % 2 == 0 ? "a" : "b", from.plusSeconds(i)));
        }
        return events;
    }

    @Test
    @DisplayName(
            "after SIGTERM and a new start on the same data directory, both jobs resume from"
                    + " their retained checkpoints and user-state versions go on")
    void resumesFromRetainedCheckpoint() throws Exception {
        try (KafkaTestBed kafka = new KafkaTestBed(KAFKA.bootstrapServers(), "local-runner")) {
            kafka.produceItems(
                    List.of(
                            Fixtures.item("a", "Shoes", 1f, 0f),
                            Fixtures.item("b", "Bags", 0f, 1f)));
            Instant now = Instant.now().minusSeconds(60);

            Path firstLog = data.resolve("first.log");
            int webPort = freePort();
            Process first = start(kafka, firstLog, webPort);
            assertThat(Files.readString(firstLog))
                    .containsPattern("Flink dashboard at http://[^ ]+:" + webPort + "\\)");
            assertThat(get(webPort, "/")).contains("Apache Flink Web Dashboard");
            assertThat(get(webPort, "/jobs/overview"))
                    .contains("perch-user-state")
                    .contains("perch-item-statistics");
            kafka.produceEvents(views("u1", 3, now));
            kafka.awaitUserStates(s -> s.containsKey("u1") && events(s.get("u1")) == 3, TIMEOUT);
            first.destroy();
            assertThat(first.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(firstLog))
                    .contains("final checkpoint of user-state")
                    .contains("final checkpoint of item-statistics");

            Path secondLog = data.resolve("second.log");
            Process second = start(kafka, secondLog, 0);
            kafka.produceEvents(views("u1", 2, now.plusSeconds(10)));
            kafka.awaitUserStates(s -> s.containsKey("u1") && events(s.get("u1")) >= 5, TIMEOUT);
            second.destroy();
            assertThat(second.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            assertThat(Files.readString(secondLog))
                    .contains("user-state submitted")
                    .contains("resuming from")
                    .doesNotContain("fresh state");
            List<UserState> ofU1 =
                    kafka.userStates().stream().filter(s -> s.getUserId().equals("u1")).toList();
            // versions go on rising across the restart (event-time versions, see StateVersions),
            // and the last state still counts the three events from before it
            assertThat(ofU1)
                    .extracting(UserState::getVersion)
                    .hasSize(5)
                    .isSorted()
                    .doesNotHaveDuplicates();
            assertThat(events(ofU1.get(ofU1.size() - 1))).isEqualTo(5);
        }
    }

    private static long events(UserState state) {
        return state.getEventCounts().values().stream().mapToLong(Long::longValue).sum();
    }
}
