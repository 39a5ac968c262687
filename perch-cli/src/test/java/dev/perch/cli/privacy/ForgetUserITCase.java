package dev.perch.cli.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The right to be forgotten and least exposure, end to end on {@code perch local}'s real processes
 * (Kafka broker, Flink local cluster, model server, collector): one DELETE removes a user from the
 * Flink state, the model server's stores and both compacted topics; the user's next event starts
 * afresh; the feature store never held the user; every listener is on loopback; no secret shows in
 * a command line or a log.
 */
class ForgetUserITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String GONE = "forget-me-" + UUID.randomUUID();
    private static final String KEPT = "keep-me-" + UUID.randomUUID();

    private int collectorPort;
    private String readKey;

    @Test
    @DisplayName(
            "DELETE /v1/users/{id} clears the Flink state, the model server's stores and tombstones"
                    + " perch.user-state and perch.recommendations; a later event starts a fresh"
                    + " state; listeners are on loopback and no secret is in ps or a log")
    void forgetsEverywhere(@TempDir Path dir) throws Exception {
        Path home = Path.of(System.getProperty("perch.home", "..")).toAbsolutePath().normalize();
        Path cliJar = home.resolve("perch-cli/target/perch-cli.jar");
        assumeTrue(Files.exists(cliJar), "skipped: perch-cli is not packaged yet");
        collectorPort = freePort();
        int modelServerPort = freePort();
        Path data = dir.resolve("data");
        Process local =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-Dperch.home=" + home,
                                "-cp",
                                cliJar + ":" + home.resolve("perch-cli/target/lib") + "/*",
                                "dev.perch.cli.PerchCli",
                                "local",
                                "--data-dir",
                                data.toString(),
                                "--port",
                                "0",
                                "--partitions",
                                "2",
                                "--parallelism",
                                "1",
                                "--demo-rate",
                                "0",
                                "--http-port",
                                Integer.toString(collectorPort),
                                "--model-server-port",
                                Integer.toString(modelServerPort))
                        .redirectErrorStream(true)
                        .start();
        Output output = new Output(local);
        try {
            assertThat(output.ready.await(12, TimeUnit.MINUTES))
                    .as("perch local became ready:\n%s", output)
                    .isTrue();
            Matcher broker =
                    Pattern.compile("is running at (\\S+:\\d+)").matcher(output.toString());
            assertThat(broker.find()).as(output.toString()).isTrue();
            String bootstrap = broker.group(1);
            readKey = Files.readString(data.resolve("secrets/read-keys")).strip();
            String tokenSecret = Files.readString(data.resolve("secrets/token-secrets")).strip();
            List<ProcessHandle> processes = local.descendants().toList();

            postEvent(GONE, "demo-011", Instant.now().minusSeconds(30));
            postEvent(GONE, "demo-012", Instant.now().minusSeconds(20));
            postEvent(KEPT, "demo-013", Instant.now().minusSeconds(20));
            JsonNode before = awaitState(GONE, s -> s.get("version").asLong() >= 2);
            awaitState(KEPT, s -> true);
            awaitStatus(
                    () -> get("/v1/users/" + GONE + "/recommendations", true),
                    200,
                    "a list for the user");
            assertThat(before.toString()).contains("demo-011");

            assertThat(delete(GONE, false).statusCode()).as("no key: refused").isEqualTo(401);
            assertThat(delete(GONE, true).statusCode()).isEqualTo(202);

            // the model server's stores: no state, no published list (a cold start again)
            awaitStatus(() -> get("/v1/users/" + GONE + "/state", true), 404, "state forgotten");
            JsonNode cold =
                    JSON.readTree(get("/v1/users/" + GONE + "/recommendations", true).body());
            assertThat(cold.toString()).contains("cold-start");
            // both compacted topics: the user's last record is a tombstone
            assertThat(lastValue(bootstrap, "perch.user-state", GONE)).as("user-state").isNull();
            awaitTombstone(bootstrap, "perch.recommendations", GONE);
            assertThat(lastValue(bootstrap, "perch.user-state", KEPT))
                    .as("another user is kept")
                    .isNotNull();

            // the Flink state: the next event starts a fresh state (one event counted, its
            // event-time version), without the past
            Instant next = Instant.now();
            postEvent(GONE, "demo-019", next);
            JsonNode fresh = awaitState(GONE, s -> true);
            assertThat(fresh.get("version").asLong())
                    .isEqualTo(dev.perch.core.StateVersions.next(0, next));
            assertThat(fresh.toString())
                    .contains("demo-019")
                    .doesNotContain("demo-011", "demo-012");

            // the feature store keeps items, not users: no file of it ever held either user's id
            Path store = data.resolve("model-server/store");
            try (Stream<Path> files = Files.walk(store)) {
                List<Path> regular = files.filter(Files::isRegularFile).toList();
                assertThat(regular).as("the feature store's files").isNotEmpty();
                for (Path file : regular) {
                    String bytes = Files.readString(file, StandardCharsets.ISO_8859_1);
                    assertThat(bytes).as("%s", file).doesNotContain(GONE).doesNotContain(KEPT);
                }
            }

            // least exposure: every listener of every process on loopback
            for (ProcessHandle process : processes) {
                for (String address : Listeners.of(process.pid())) {
                    assertThat(Listeners.isLoopback(address))
                            .as(
                                    "process %d (%s) listens on %s",
                                    process.pid(),
                                    process.info().commandLine().orElse("?"),
                                    address)
                            .isTrue();
                }
            }
            // no secret in a command line or a log line
            List<String> secrets = List.of(readKey, tokenSecret);
            for (ProcessHandle process : processes) {
                String commandLine = process.info().commandLine().orElse("");
                for (String secret : secrets) {
                    assertThat(commandLine).doesNotContain(secret);
                }
            }
            try (Stream<Path> logs = Files.walk(data.resolve("logs"))) {
                for (Path log : logs.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                    for (String secret : secrets) {
                        assertThat(text).as("%s", log).doesNotContain(secret);
                    }
                }
            }
            assertThat(output.toString()).doesNotContain(readKey).doesNotContain(tokenSecret);
        } finally {
            local.toHandle().destroy();
            if (!local.waitFor(2, TimeUnit.MINUTES)) {
                local.destroyForcibly();
            }
        }
    }

    private void postEvent(String user, String item, Instant at) throws Exception {
        String body =
                "[{\"eventId\":\""
                        + UUID.randomUUID()
                        + "\",\"userId\":\""
                        + user
                        + "\",\"type\":\"view\",\"itemId\":\""
                        + item
                        + "\",\"eventTime\":\""
                        + at
                        + "\"}]";
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(url("/v1/events"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, boolean withKey) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10));
        if (withKey) {
            request.header("X-Perch-Api-Key", readKey);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> delete(String user, boolean withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url("/v1/users/" + user)).DELETE();
        if (withKey) {
            request.header("X-Perch-Api-Key", readKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + collectorPort + path);
    }

    private JsonNode awaitState(String user, java.util.function.Predicate<JsonNode> done)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> response = get("/v1/users/" + user + "/state", true);
            if (response.statusCode() == 200) {
                JsonNode state = JSON.readTree(response.body());
                if (done.test(state)) {
                    return state;
                }
            }
            assertThat(System.nanoTime())
                    .as("waited for the state of %s: %s", user, response.body())
                    .isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }

    private static void awaitStatus(
            Supplier<HttpResponse<String>> request, int status, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> response;
        while ((response = request.get()).statusCode() != status) {
            assertThat(System.nanoTime())
                    .as("waited for %s: %d %s", what, response.statusCode(), response.body())
                    .isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }

    private static void awaitTombstone(String bootstrap, String topic, String user) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (lastValue(bootstrap, topic, user) != null) {
            assertThat(System.nanoTime())
                    .as("tombstone of %s on %s", user, topic)
                    .isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
    }

    /** The value of the user's last record on {@code topic} (null: a tombstone); fails if none. */
    private static byte[] lastValue(String bootstrap, String topic, String user) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<String, byte[]> last = new HashMap<>();
            Set<String> seen = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime()).as("read %s to its end", topic).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    seen.add(key);
                    last.put(key, r.value());
                }
            }
            assertThat(seen).as("records of %s on %s", user, topic).contains(user);
            return last.get(user);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The child's output, kept for messages, with a latch on the ready line. */
    private static final class Output {
        final CountDownLatch ready = new CountDownLatch(1);
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Output(Process process) {
            Thread reader =
                    new Thread(
                            () -> {
                                try (BufferedReader in =
                                        new BufferedReader(
                                                new InputStreamReader(
                                                        process.getInputStream(),
                                                        StandardCharsets.UTF_8))) {
                                    for (String line; (line = in.readLine()) != null; ) {
                                        lines.add(line);
                                        if (line.startsWith("ready:")) {
                                            ready.countDown();
                                        }
                                    }
                                } catch (IOException closed) {
                                    // the process ended
                                }
                            },
                            "perch-local-output");
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public String toString() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }
}
