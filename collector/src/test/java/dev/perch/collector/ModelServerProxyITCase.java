package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.perch.access.ApiKeys;
import dev.perch.access.ReadAccess;
import dev.perch.access.UserTokens;
import dev.perch.kafka.KafkaBrokerExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The /v1/users/* proxy to the model server")
class ModelServerProxyITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String READ_KEY = "storefront-backend-key";
    private static final CountDownLatch SECOND_EVENT = new CountDownLatch(1);
    private static HttpServer modelServer;
    private static CollectorServer collector;

    /** A stand-in model server: JSON state and an event stream that waits between events. */
    @BeforeAll
    static void start() throws Exception {
        modelServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        modelServer.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        modelServer.createContext(
                "/v1/users/",
                exchange -> {
                    String path = exchange.getRequestURI().toString();
                    if (path.endsWith("/recommendations/stream")) {
                        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                        exchange.sendResponseHeaders(200, 0);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(event("{\"items\":[1]}"));
                            out.flush();
                            SECOND_EVENT.await(60, TimeUnit.SECONDS);
                            out.write(event("{\"items\":[2]}"));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return;
                    }
                    byte[] body =
                            ("{\"path\":\"" + path + "\",\"version\":3}")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(path.contains("missing") ? 404 : 200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        modelServer.start();
        collector =
                ProxyingCollector.start(
                        KAFKA.bootstrapServers(),
                        modelServer,
                        new ReadAccess(
                                new ApiKeys(List.of(READ_KEY)),
                                UserTokens.none(),
                                Clock.systemUTC()));
    }

    @AfterAll
    static void stop() {
        if (collector != null) {
            collector.close();
        }
        if (modelServer != null) {
            modelServer.stop(0);
        }
    }

    private static byte[] event(String data) {
        return ("event: recommendations\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Http.Answer get(String path) {
        return Http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.port() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header(ReadAccess.KEY_HEADER, READ_KEY)
                        .build());
    }

    @Test
    @DisplayName("JSON answers are passed through with path, query and status")
    void json() {
        Http.Answer state = get("/v1/users/u%201/state?x=1");
        Http.Answer missing = get("/v1/users/missing/state");

        assertThat(state.status()).isEqualTo(200);
        assertThat(state.header("Content-Type")).startsWith("application/json");
        assertThat(state.json().get("path").asText()).isEqualTo("/v1/users/u%201/state?x=1");
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    @DisplayName("An event stream is relayed event by event, before the upstream ends it")
    void eventStream() throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:"
                                                + collector.port()
                                                + "/v1/users/u1/recommendations/stream"))
                        .timeout(Duration.ofSeconds(30))
                        .header(ReadAccess.KEY_HEADER, READ_KEY)
                        .build();
        HttpResponse<InputStream> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/event-stream");
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("event: recommendations");
            assertThat(lines.readLine()).isEqualTo("data: {\"items\":[1]}");
            assertThat(lines.readLine()).isEmpty();
            SECOND_EVENT.countDown(); // the first event arrived while the upstream still waits
            assertThat(lines.readLine()).isEqualTo("event: recommendations");
            assertThat(lines.readLine()).isEqualTo("data: {\"items\":[2]}");
        }
    }
}
