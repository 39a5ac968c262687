package dev.perch.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perch.cli.local.LocalOptions;
import dev.perch.cli.local.LocalStack;
import dev.perch.demo.DemoCatalog;
import dev.perch.demo.DemoData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole engine as {@code bin/perch local} runs it (broker, stream jobs, model server and
 * collector as supervised child processes), headless: an event posted to the collector comes out as
 * a recommendation list, and the shortened fault run ({@code bin/perch chaos} is the long one)
 * kills each child with SIGKILL under a steady stream and counts every accepted event.
 */
@DisplayName("perch local end to end, headless, and under kill -9 of each child")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceITCase {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final StringWriter LOG = new StringWriter();
    private static Path data;
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        if (System.getProperty("perch.home") == null) {
            System.setProperty("perch.home", Path.of("..").toAbsolutePath().normalize().toString());
        }
        data = Files.createTempDirectory("perch-fault-test-");
        LocalOptions options =
                new LocalOptions(data, 0, 2, "384m", "768m", "640m", 1, freePort(), freePort());
        stack = LocalStack.startBroker(options, new PrintWriter(LOG, true));
        DemoData.publishCatalog(stack.bootstrap());
        stack.startServices(true);
        stack.superviseChildren();
    }

    @AfterAll
    static void stopStack() throws IOException {
        if (stack != null) {
            stack.close();
        }
        System.out.println(LOG);
    }

    @Test
    @Order(1)
    @DisplayName("an event POSTed to the collector comes out as the user's recommendation list")
    void postInRecommendationOut() throws Exception {
        String user = "headless-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        String body =
                "{\"eventId\":\""
                        + eventId
                        + "\",\"userId\":\""
                        + user
                        + "\",\"type\":\"view\",\"itemId\":\""
                        + DemoCatalog.itemId(1)
                        + "\",\"eventTime\":"
                        + System.currentTimeMillis()
                        + "}";
        HttpResponse<String> posted =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(stack.collectorUrl() + "/v1/events"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(
                        () -> {
                            JsonNode list =
                                    get(
                                            stack.collectorUrl()
                                                    + "/v1/users/"
                                                    + user
                                                    + "/recommendations");
                            assertThat(list.path("source").asText()).isEqualTo("stored");
                            assertThat(list.path("causeEventId").asText()).isEqualTo(eventId);
                        });
    }

    @Test
    @Order(2)
    @DisplayName(
            "kill -9 of the stream jobs, the model server, the collector and the broker in turn:"
                    + " each is restarted, lists are fresh again, and every accepted event is"
                    + " counted exactly once in its user's state")
    void everyAcceptedEventCountedExactlyOnceUnderKills() throws Exception {
        StringWriter out = new StringWriter();
        ChaosRun.Report report =
                new ChaosRun(
                                stack,
                                new ChaosRun.Options(
                                        10,
                                        8,
                                        Duration.ofSeconds(10),
                                        Duration.ofSeconds(5),
                                        Duration.ofMinutes(4),
                                        Duration.ofMinutes(3)),
                                new PrintWriter(out, true))
                        .run();
        System.out.println(out);

        assertThat(report.kills())
                .extracting(ChaosRun.Kill::victim)
                .containsExactlyElementsOf(ChaosRun.VICTIMS);
        assertThat(stack.restarts())
                .extracting(LocalStack.Restart::name)
                .containsAll(ChaosRun.VICTIMS);
        assertThat(report.accepted()).isEqualTo(report.sent()).isPositive();
        assertThat(report.mismatches()).as(out.toString()).isEmpty();
        assertThat(report.counted()).isEqualTo(report.accepted());
        assertThat(report.usersWithCurrentList()).isEqualTo(report.users());
        assertThat(report.passed()).isTrue();
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                // the collector's reads need a key: the one perch local made
                                .header("X-Perch-Api-Key", readKey())
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private static String readKey() throws IOException {
        return Files.readString(data.resolve("secrets/read-keys"))
                .strip()
                .lines()
                .findFirst()
                .orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
