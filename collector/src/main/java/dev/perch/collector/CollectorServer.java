package dev.perch.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perch.events.ops.BrokerProbe;
import dev.perch.events.ops.HealthReport;
import dev.perch.events.ops.StreamLimits;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector process: {@code POST /v1/events} into Kafka, {@code GET /health}, {@code GET
 * /metrics}, the tracker ({@code /tracker.js}), the {@code /v1/users/*} proxy to the model server
 * behind the read check, and {@code DELETE /v1/users/{id}}. A {@link Site} (a shop's own pages and
 * back end, such as the demo shop of the local run) can be mounted on the same origin. {@link
 * #start} returns once the port is open.
 */
public final class CollectorServer implements AutoCloseable {

    /**
     * A shop's pages and back end served beside the collector, on its origin: what a storefront in
     * development needs so that its pages, the tracker, the events and the shopper's read cookie
     * share one origin. The collector itself serves no shop.
     */
    @FunctionalInterface
    public interface Site {
        /** No site: the collector alone. */
        Site NONE = (javalin, access, clock) -> {};

        /**
         * Adds the site's routes and static files; {@code access} holds the collector's read rules
         * (a site that mints user tokens uses the same secrets), {@code clock} its clock.
         */
        void mount(JavalinConfig javalin, CollectorAccess access, Clock clock);
    }

    private static final Logger LOG = LoggerFactory.getLogger(CollectorServer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final CollectorConfig config;
    private final KafkaEventWriter writer;
    private final CollectorMetrics metrics;
    private final BrokerProbe broker;
    private final ThreadPoolExecutor sends;
    private final ExecutorService answers;
    private final ModelServerProxy proxy;
    private final Javalin app;

    private CollectorServer(
            CollectorConfig config,
            CollectorAccess access,
            Clock clock,
            StreamLimits streamLimits,
            Site site) {
        this.config = config;
        this.writer =
                new KafkaEventWriter(
                        config.bootstrapServers(),
                        config.topic(),
                        config.sendTimeout(),
                        access.kafka());
        this.metrics = new CollectorMetrics();
        this.broker = BrokerProbe.start(config.bootstrapServers(), access.kafka().asMap());
        // Sends (which may block on the producer's metadata) and answers run off the HTTP threads;
        // a full queue is a quick 503 rather than a pile of waiting requests.
        this.sends =
                new ThreadPoolExecutor(
                        4,
                        4,
                        60,
                        TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(1_000),
                        daemon("perch-collector-send"),
                        new ThreadPoolExecutor.AbortPolicy());
        this.answers = Executors.newFixedThreadPool(2, daemon("perch-collector-answer"));
        RateLimiter limiter =
                new RateLimiter(
                        new RateLimiter.Limit(config.rateLimit(), config.rateBurst()),
                        access.perKey());
        EventsEndpoint events =
                new EventsEndpoint(
                        config,
                        writer,
                        metrics,
                        clock,
                        limiter,
                        new UserRateLimiter(access.perUser()),
                        broker,
                        sends,
                        answers);
        this.proxy =
                new ModelServerProxy(config.modelServer(), access.modelServerKey(), streamLimits);
        ReadGuard guard = new ReadGuard(access.reads(), metrics);
        ForgetEndpoint forget = new ForgetEndpoint(writer, config.sendTimeout());
        this.app =
                Javalin.create(
                        javalin -> {
                            javalin.startup.showJavalinBanner = false;
                            javalin.http.maxRequestSize = config.maxBodyBytes();
                            javalin.jetty.host = access.host();
                            javalin.jetty.port = config.port();
                            javalin.staticFiles.add("/public", Location.CLASSPATH);
                            javalin.routes.before("/v1/events", CollectorServer::cors);
                            javalin.routes.options("/v1/events", ctx -> ctx.status(204));
                            javalin.routes.post("/v1/events", events);
                            javalin.routes.get("/health", this::health);
                            javalin.routes.get(
                                    "/metrics",
                                    ctx ->
                                            ctx.contentType("text/plain; version=0.0.4")
                                                    .result(metrics.scrape()));
                            javalin.routes.before("/v1/users/<rest>", guard);
                            javalin.routes.get("/v1/users/<rest>", proxy);
                            javalin.routes.delete("/v1/users/{id}", forget);
                            site.mount(javalin, access, clock);
                        });
    }

    /** Starts a collector with the system clock and no read access (every proxied read is 401). */
    public static CollectorServer start(CollectorConfig config) {
        return start(config, CollectorAccess.closed(), Clock.systemUTC());
    }

    /** Starts a collector whose event-time window is judged against {@code clock}. */
    public static CollectorServer start(CollectorConfig config, Clock clock) {
        return start(config, CollectorAccess.closed(), clock);
    }

    /** Starts a collector whose proxied live streams are bounded by {@code streamLimits}. */
    public static CollectorServer start(
            CollectorConfig config, Clock clock, StreamLimits streamLimits) {
        return start(config, CollectorAccess.closed(), clock, streamLimits);
    }

    /** Starts a collector with these access rules and the system clock. */
    public static CollectorServer start(CollectorConfig config, CollectorAccess access) {
        return start(config, access, Clock.systemUTC());
    }

    /** Starts a collector with these access rules, judging event times against {@code clock}. */
    public static CollectorServer start(
            CollectorConfig config, CollectorAccess access, Clock clock) {
        return start(config, access, clock, StreamLimits.COLLECTOR);
    }

    /** Starts a collector with these access rules and these bounds on its proxied live streams. */
    public static CollectorServer start(
            CollectorConfig config,
            CollectorAccess access,
            Clock clock,
            StreamLimits streamLimits) {
        return start(config, access, clock, streamLimits, Site.NONE);
    }

    /** {@link #start(CollectorConfig, CollectorAccess, Clock, StreamLimits)} with {@code site}. */
    public static CollectorServer start(
            CollectorConfig config,
            CollectorAccess access,
            Clock clock,
            StreamLimits streamLimits,
            Site site) {
        CollectorServer server = new CollectorServer(config, access, clock, streamLimits, site);
        try {
            server.app.start();
        } catch (RuntimeException e) {
            server.closeClients();
            throw e;
        }
        LOG.info(
                "Collector listening on {}:{}, writing to {} at {}; {}",
                access.host(),
                server.port(),
                config.topic(),
                config.bootstrapServers(),
                access);
        return server;
    }

    /** The HTTP port (the chosen one when the config said 0). */
    public int port() {
        return app.port();
    }

    /** The configuration this server runs with. */
    public CollectorConfig config() {
        return config;
    }

    @Override
    public void close() {
        app.stop();
        closeClients();
    }

    private void closeClients() {
        proxy.close();
        sends.shutdown();
        try {
            sends.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
        answers.shutdown();
        broker.close();
    }

    /** The health report: DOWN (503) when Kafka does not answer, with each check's detail. */
    public HealthReport health() {
        return HealthReport.of(List.of(broker.check()));
    }

    private void health(Context ctx) {
        HealthReport report = health();
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("topic", config.topic());
        extras.put("writeKeyRequired", config.writeKeyRequired());
        extras.put(
                "modelServer",
                config.modelServer() == null ? null : config.modelServer().toString());
        extras.put("openStreams", proxy.openStreams());
        extras.put("queuedSends", sends.getQueue().size());
        try {
            ctx.status(report.httpStatus())
                    .contentType("application/json")
                    .result(MAPPER.writeValueAsString(report.toMap(extras)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Lets a shop's pages on another origin post events (write keys are public, like the tracker).
     */
    private static void cors(Context ctx) {
        String origin = ctx.header("Origin");
        ctx.header("Access-Control-Allow-Origin", origin == null ? "*" : origin);
        ctx.header("Vary", "Origin");
        ctx.header("Access-Control-Allow-Methods", "POST, OPTIONS");
        ctx.header("Access-Control-Allow-Headers", "Content-Type, " + WriteKeys.HEADER);
        ctx.header("Access-Control-Max-Age", "600");
    }
}
