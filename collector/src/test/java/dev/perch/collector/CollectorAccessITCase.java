package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.perch.access.ApiKeys;
import dev.perch.access.ReadAccess;
import dev.perch.access.UserTokens;
import dev.perch.kafka.KafkaBrokerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName(
        "Collector access: read keys and user tokens, write keys and origins, event rate limits")
class CollectorAccessITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String READ_KEY = "backend-read-key-1";
    private static final String MODEL_SERVER_KEY = "collector-to-model-server-key";
    private static final String SECRET = "token-secret-0123456789-0123456789";
    private static final UserTokens TOKENS = new UserTokens(List.of(SECRET), Duration.ofHours(1));

    /** What the stand-in model server saw: path, API key header, Authorization header. */
    private static final ConcurrentLinkedQueue<List<String>> UPSTREAM =
            new ConcurrentLinkedQueue<>();

    private static HttpServer modelServer;
    private static CollectorServer collector;
    private static CollectorServer limited;

    @BeforeAll
    static void start() throws Exception {
        modelServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        modelServer.createContext(
                "/v1/users/",
                exchange -> {
                    List<String> seen = new ArrayList<>();
                    seen.add(exchange.getRequestURI().getRawPath());
                    seen.add(
                            String.valueOf(
                                    exchange.getRequestHeaders().getFirst(ReadAccess.KEY_HEADER)));
                    seen.add(
                            String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                    seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Cookie")));
                    UPSTREAM.add(seen);
                    byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        modelServer.start();
        String topic = TestKafka.createTopic(KAFKA.bootstrapServers(), "collector-access-it", 1);
        CollectorConfig base =
                CollectorConfig.defaults(KAFKA.bootstrapServers())
                        .withTopic(topic)
                        .withPort(0)
                        .withModelServer(
                                URI.create(
                                        "http://127.0.0.1:" + modelServer.getAddress().getPort()));
        CollectorAccess access =
                CollectorAccess.closed()
                        .withReads(
                                new ReadAccess(
                                        new ApiKeys(List.of(READ_KEY)), TOKENS, Clock.systemUTC()))
                        .withModelServerKey(MODEL_SERVER_KEY);
        collector =
                CollectorServer.start(
                        base.withWriteKeys(
                                Set.of("shop-a-key https://shop-a.example", "shop-b-key")),
                        access);
        limited =
                CollectorServer.start(
                        base.withWriteKeys(Set.of("shop-a-key")).withRateLimit(0.01, 6),
                        access.withPerKey(new RateLimiter.Limit(0.01, 10)));
    }

    @AfterAll
    static void stop() {
        for (CollectorServer server : new CollectorServer[] {collector, limited}) {
            if (server != null) {
                server.close();
            }
        }
        if (modelServer != null) {
            modelServer.stop(0);
        }
    }

    private static Http.Answer get(String path, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.port() + path))
                        .timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return Http.send(request.build());
    }

    @Test
    @DisplayName(
            "Unauthenticated reads of a user's state, recommendations and stream get 401 and never"
                    + " reach the model server")
    void anonymousReadsRefused() {
        UPSTREAM.clear();
        for (String path :
                List.of(
                        "/v1/users/alice/state",
                        "/v1/users/alice/recommendations?k=3",
                        "/v1/users/alice/recommendations/stream",
                        "/v1/users/alice/search?q=shoes")) {
            Http.Answer answer = get(path, Map.of());
            assertThat(answer.status()).as(path).isEqualTo(401);
        }
        assertThat(get("/v1/users/alice/state", Map.of(ReadAccess.KEY_HEADER, "guess")).status())
                .isEqualTo(401);
        assertThat(UPSTREAM).isEmpty();
    }

    @Test
    @DisplayName(
            "A token for user A reads A (the model server sees the collector's key, not the token)"
                    + " and gets 403 for user B")
    void tokenForAnotherUserRefused() {
        UPSTREAM.clear();
        String alice = TOKENS.mint("alice", Instant.now(), Duration.ofMinutes(5));

        Http.Answer own =
                get("/v1/users/alice/recommendations", Map.of("Authorization", "Bearer " + alice));
        Http.Answer other =
                get("/v1/users/bob/recommendations", Map.of("Authorization", "Bearer " + alice));
        Http.Answer otherState =
                get("/v1/users/bob/state", Map.of("Cookie", ReadAccess.TOKEN_COOKIE + "=" + alice));
        Http.Answer expired =
                get(
                        "/v1/users/alice/state",
                        Map.of(
                                "Authorization",
                                "Bearer "
                                        + TOKENS.mint(
                                                "alice",
                                                Instant.now().minusSeconds(600),
                                                Duration.ofMinutes(5))));

        assertThat(own.status()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(403);
        assertThat(otherState.status()).isEqualTo(403);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(UPSTREAM).hasSize(1);
        List<String> seen = UPSTREAM.peek();
        assertThat(seen.get(0)).isEqualTo("/v1/users/alice/recommendations");
        assertThat(seen.get(1)).isEqualTo(MODEL_SERVER_KEY);
        assertThat(seen.get(2)).isEqualTo("null");
        assertThat(seen.get(3)).isEqualTo("null");
    }

    @Test
    @DisplayName("A storefront back end's read key reads any user")
    void readKeyReadsAnyUser() {
        assertThat(get("/v1/users/bob/state", Map.of(ReadAccess.KEY_HEADER, READ_KEY)).status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName(
            "A write key limited to its site's origins is refused (403) from another origin,"
                    + " accepted from its own and from servers")
    void writeKeyLimitedToOrigins() {
        String event = Events.view(Events.id(), "u", "i");
        Http.Answer evil =
                Http.post(
                        collector.port(),
                        "/v1/events",
                        event,
                        Map.of(
                                "Content-Type",
                                "application/json",
                                WriteKeys.HEADER,
                                "shop-a-key",
                                "Origin",
                                "https://evil.example"));
        Http.Answer own =
                Http.post(
                        collector.port(),
                        "/v1/events",
                        Events.view(Events.id(), "u", "i"),
                        Map.of(
                                "Content-Type",
                                "application/json",
                                WriteKeys.HEADER,
                                "shop-a-key",
                                "Origin",
                                "https://shop-a.example"));
        Http.Answer server =
                Http.post(
                        collector.port(),
                        "/v1/events",
                        Events.view(Events.id(), "u", "i"),
                        Map.of("Content-Type", "application/json", WriteKeys.HEADER, "shop-a-key"));
        Http.Answer unlimitedKey =
                Http.post(
                        collector.port(),
                        "/v1/events",
                        Events.view(Events.id(), "u", "i"),
                        Map.of(
                                "Content-Type",
                                "application/json",
                                WriteKeys.HEADER,
                                "shop-b-key",
                                "Origin",
                                "https://evil.example"));

        assertThat(evil.status()).isEqualTo(403);
        assertThat(own.status()).isEqualTo(200);
        assertThat(server.status()).isEqualTo(200);
        assertThat(unlimitedKey.status()).isEqualTo(200);
    }

    @Test
    @DisplayName(
            "Rate limits count events per client within one key: a client that sent its burst in"
                + " one batch waits, another client of the key goes on until the key's own limit")
    void rateLimitedPerEventAndPerClient() throws Exception {
        int port = limited.port();
        assertThat(postFrom("127.0.0.2", port, batch(6)))
                .as("6 events = client burst")
                .isEqualTo(200);
        assertThat(postFrom("127.0.0.2", port, batch(1)))
                .as("same client, one more")
                .isEqualTo(429);
        assertThat(postFrom("127.0.0.3", port, batch(4))).as("another client").isEqualTo(200);
        assertThat(postFrom("127.0.0.4", port, batch(1)))
                .as("a third client: the key's 10 events are spent")
                .isEqualTo(429);
        assertThat(postFrom("127.0.0.5", port, batch(11)))
                .as("a batch over the burst can never pass")
                .isEqualTo(413);
    }

    private static String batch(int events) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            list.add(Events.view(Events.id(), "u" + i, "i" + i));
        }
        return Events.array(list);
    }

    /**
     * POSTs from a chosen loopback address (Linux routes all of 127/8 to lo), so clients differ.
     */
    private static int postFrom(String source, int port, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket =
                new Socket(
                        InetAddress.getByName("127.0.0.1"),
                        port,
                        InetAddress.getByName(source),
                        0)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /v1/events HTTP/1.1\r\n"
                                    + "Host: 127.0.0.1\r\n"
                                    + "Content-Type: application/json\r\n"
                                    + WriteKeys.HEADER
                                    + ": shop-a-key\r\nContent-Length: "
                                    + bytes.length
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
