package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.perch.events.ops.StreamLimits;
import dev.perch.kafka.KafkaBrokerExtension;
import io.javalin.Javalin;
import io.javalin.http.sse.SseClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flood of live streams through the collector's proxy: bounded per client and in total, holding
 * no HTTP thread, released when the clients go away, never starving POST /v1/events or /health. The
 * upstream is a plain SSE server standing where the model server would (the proxy only copies
 * bytes); Kafka is real.
 */
@DisplayName("The collector under a flood of live streams")
class StreamFloodITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private final AtomicInteger upstreamOpen = new AtomicInteger();
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService upstreamHeartbeats =
            Executors.newSingleThreadScheduledExecutor();
    private Javalin upstream;

    @BeforeEach
    void startUpstream() {
        upstream =
                Javalin.create(
                                config -> {
                                    config.startup.showJavalinBanner = false;
                                    config.jetty.port = 0;
                                    config.routes.sse(
                                            "/v1/users/{id}/recommendations/stream",
                                            client -> {
                                                upstreamOpen.incrementAndGet();
                                                client.onClose(
                                                        () -> {
                                                            clients.remove(client);
                                                            upstreamOpen.decrementAndGet();
                                                        });
                                                // one writer at a time per client, as the model
                                                // server's single write thread does: Jetty refuses
                                                // a write while another is blocked (this race
                                                // closed upstream streams and failed the test)
                                                synchronized (client) {
                                                    client.sendEvent("recommendations", "{}");
                                                }
                                                clients.add(client);
                                                client.keepAlive();
                                            });
                                })
                        .start();
        // like the model server, the upstream sends a comment now and then on every stream
        upstreamHeartbeats.scheduleWithFixedDelay(
                () ->
                        clients.forEach(
                                c -> {
                                    synchronized (c) {
                                        try {
                                            c.sendComment("keep-alive");
                                        } catch (RuntimeException closed) {
                                            // a throw would end this schedule for every stream
                                        }
                                    }
                                }),
                200,
                200,
                TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stopUpstream() {
        upstreamHeartbeats.shutdownNow();
        upstream.stop();
    }

    private CollectorServer collector(StreamLimits limits) {
        return CollectorServer.start(
                CollectorConfig.defaults(KAFKA.broker().bootstrapServers())
                        .withPort(0)
                        .withRateLimit(0, 1)
                        .withModelServer(URI.create("http://127.0.0.1:" + upstream.port())),
                // reads are open here: this test is about stream limits, not about who may read
                CollectorAccess.closed().withReads(dev.perch.access.ReadAccess.open()),
                Clock.systemUTC(),
                limits);
    }

    /** Opens a stream on a raw socket and returns it once the status line arrived. */
    private static Socket openStream(int port, String user, List<String> statuses)
            throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(
                ("GET /v1/users/"
                                + user
                                + "/recommendations/stream HTTP/1.1\r\nHost: localhost\r\n"
                                + "Accept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        statuses.add(in.readLine());
        return socket;
    }

    private static long millisFor(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    @Test
    @DisplayName(
            "300 open streams hold no HTTP thread: POST /v1/events and /health answer within 1 s,"
                    + " and once the clients close them every slot and upstream stream is released")
    void floodDoesNotStarveIngestion() throws Exception {
        StreamLimits limits =
                new StreamLimits(300, 300, Duration.ofSeconds(1), Duration.ofMinutes(10));
        try (CollectorServer collector = collector(limits)) {
            // the first POST connects the producer; the flood is measured against a warm one
            assertThat(Http.post(collector.port(), Events.view(Events.id(), "u", "i")).status())
                    .isEqualTo(200);
            List<String> statuses = new ArrayList<>();
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                sockets.add(openStream(collector.port(), "u" + i, statuses));
            }
            assertThat(statuses).allMatch(s -> s.startsWith("HTTP/1.1 200"));
            await().atMost(Duration.ofSeconds(90)).until(() -> upstreamOpen.get() == 300);

            long post =
                    millisFor(
                            () ->
                                    assertThat(
                                                    Http.post(
                                                                    collector.port(),
                                                                    Events.view(
                                                                            Events.id(), "u", "i"))
                                                            .status())
                                            .isEqualTo(200));
            long health =
                    millisFor(
                            () ->
                                    assertThat(Http.get(collector.port(), "/health").status())
                                            .isEqualTo(200));
            assertThat(post).as("POST with 300 open streams, ms").isLessThan(1_000);
            assertThat(health).as("/health with 300 open streams, ms").isLessThan(1_000);

            for (Socket socket : sockets) {
                socket.close();
            }
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(
                            () -> {
                                assertThat(
                                                Http.get(collector.port(), "/health")
                                                        .json()
                                                        .get("openStreams")
                                                        .asInt())
                                        .isZero();
                                assertThat(upstreamOpen.get()).isZero();
                            });
            assertThat(
                            millisFor(
                                    () ->
                                            assertThat(
                                                            Http.post(
                                                                            collector.port(),
                                                                            Events.view(
                                                                                    Events.id(),
                                                                                    "u",
                                                                                    "i"))
                                                                    .status())
                                                    .isEqualTo(200)))
                    .as("POST after the streams closed, ms")
                    .isLessThan(1_000);
        }
    }

    @Test
    @DisplayName(
            "a client beyond its share of streams gets 429 with Retry-After; others are served")
    void perClientLimit() throws Exception {
        StreamLimits limits =
                new StreamLimits(3, 100, Duration.ofMillis(200), Duration.ofMinutes(10));
        try (CollectorServer collector = collector(limits)) {
            List<String> statuses = new ArrayList<>();
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sockets.add(openStream(collector.port(), "u" + i, statuses));
            }

            assertThat(statuses).filteredOn(s -> s.startsWith("HTTP/1.1 200")).hasSize(3);
            assertThat(statuses).filteredOn(s -> s.startsWith("HTTP/1.1 429")).hasSize(2);

            sockets.get(0).close();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> {
                                List<String> again = new ArrayList<>();
                                sockets.add(openStream(collector.port(), "u9", again));
                                assertThat(again.get(0)).startsWith("HTTP/1.1 200");
                            });
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
