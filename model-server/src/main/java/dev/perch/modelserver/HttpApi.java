package dev.perch.modelserver;

import dev.perch.access.ReadAccess;
import dev.perch.core.search.QueryCheck;
import dev.perch.events.Recommendations;
import dev.perch.events.UserState;
import dev.perch.events.ops.HealthReport;
import dev.perch.events.ops.StreamLimits;
import dev.perch.events.serde.AvroCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one instance: recommendations and user states answered from this instance's
 * stores or forwarded to the instance that owns the user, the live SSE stream, health, metrics.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    static final String FORWARDED = "X-Perch-Forwarded";
    private static final int MAX_K = ModelServerConfig.MAX_K;

    /**
     * The stored lists' and states' encoding (the bytes of perch.recommendations and user-state).
     */
    private static final AvroCodec<Recommendations> LISTS = AvroCodec.of(Recommendations.class);

    private final KeyLocator locator;
    private final BatchRecommender recommender;
    private final RecommendationListeners listeners;
    private final ModelServerMetrics metrics;
    private final Supplier<Map<String, Object>> health;
    private final Supplier<HealthReport> healthy;
    private final int defaultK;
    private final LiveStreams streams;
    private final ReadAccess access;
    private final HttpClient forwarder =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService pushes =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "perch-sse-push");
                        t.setDaemon(true);
                        return t;
                    });
    private Javalin app;
    private SearchService search;

    public HttpApi(
            KeyLocator locator,
            BatchRecommender recommender,
            RecommendationListeners listeners,
            ModelServerMetrics metrics,
            Supplier<HealthReport> healthy,
            Supplier<Map<String, Object>> health,
            int defaultK,
            StreamLimits streamLimits,
            ReadAccess access) {
        this.locator = locator;
        this.recommender = recommender;
        this.listeners = listeners;
        this.metrics = metrics;
        this.healthy = healthy;
        this.health = health;
        this.defaultK = defaultK;
        this.streams = new LiveStreams(streamLimits, pushes);
        this.access = access;
    }

    /** Serves {@code GET /v1/users/{id}/search} with this service; call before {@link #start}. */
    void search(SearchService service) {
        this.search = service;
    }

    /** Starts serving on {@code host}:{@code port} (0: a free port); returns the port. */
    public int start(String host, int port) {
        app =
                Javalin.create(
                        config -> {
                            config.jetty.host = host;
                            config.jetty.port = port;
                            config.startup.showJavalinBanner = false;
                            config.routes.before("/v1/users/<rest>", this::guard);
                            config.routes.get(
                                    "/v1/users/{id}/recommendations", this::recommendations);
                            config.routes.get(
                                    "/v1/users/{id}/recommendations/stream",
                                    ctx -> streams.open(ctx, this::stream));
                            config.routes.get("/v1/users/{id}/state", this::state);
                            config.routes.get("/v1/users/{id}/search", this::search);
                            config.routes.get("/health", this::health);
                            config.routes.get("/metrics", this::metrics);
                        });
        app.start();
        return app.port();
    }

    /** Lets a request on a user through with a read key, or a token for that very user. */
    private void guard(Context ctx) {
        ReadAccess.Verdict verdict =
                access.decideRequest(
                        ctx.req().getMethod(),
                        ctx.req().getRequestURI(),
                        ctx.header(ReadAccess.KEY_HEADER),
                        ctx.header("Authorization"),
                        ctx.cookie(ReadAccess.TOKEN_COOKIE));
        if (!verdict.allowed()) {
            if (verdict.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"perch\"");
            }
            ctx.status(verdict.status()).json(Map.of("error", verdict.reason()));
            ctx.skipRemainingHandlers();
        }
    }

    private void recommendations(Context ctx) throws Exception {
        String userId = ctx.pathParam("id");
        int k = parseK(ctx.queryParam("k"));
        if (k < 0) {
            ctx.status(400).json(Map.of("error", "k must be an integer from 1 to " + MAX_K));
            return;
        }
        routed(
                ctx,
                RecommendationTopology.RECOMMENDATIONS_STORE,
                userId,
                () -> {
                    Optional<Recommendations> stored = storedList(userId);
                    String body;
                    if (stored.isEmpty()) {
                        body =
                                JsonViews.recommendations(
                                        recommender.coldStart(userId, k), k, "cold-start");
                    } else if (k > defaultK && stored.get().getItems().size() >= defaultK) {
                        // more than the published list holds: rank the latest state for this k
                        Optional<UserState> state = storedState(userId);
                        body =
                                state.isPresent()
                                        ? JsonViews.recommendations(
                                                recommender.recommend(state.get(), k),
                                                k,
                                                "computed")
                                        : JsonViews.recommendations(stored.get(), k, "stored");
                    } else {
                        body = JsonViews.recommendations(stored.get(), k, "stored");
                    }
                    ctx.contentType("application/json").result(body);
                });
    }

    private void state(Context ctx) throws Exception {
        String userId = ctx.pathParam("id");
        routed(
                ctx,
                RecommendationTopology.USER_STATE_STORE,
                userId,
                () -> {
                    Optional<UserState> state = storedState(userId);
                    if (state.isEmpty()) {
                        ctx.status(404).json(Map.of("error", "no state for user " + userId));
                    } else {
                        ctx.contentType("application/json")
                                .result(JsonViews.userState(state.get()));
                    }
                });
    }

    /**
     * Personalised search, answered by the instance that owns the user's state (forwarded like
     * recommendations); a user without state gets the unpersonalised ranking. Bad queries get 400.
     */
    private void search(Context ctx) throws Exception {
        String userId = ctx.pathParam("id");
        String query = ctx.queryParam("q");
        String problem = QueryCheck.problem(query);
        int k = parseK(ctx.queryParam("k"));
        if (problem == null && k < 0) {
            problem = "k must be an integer from 1 to " + MAX_K;
        }
        if (problem != null) {
            ctx.status(400).json(Map.of("error", problem));
            return;
        }
        if (search == null) {
            ctx.status(503).json(Map.of("error", "search is not enabled on this instance"));
            return;
        }
        long start = System.nanoTime();
        routed(
                ctx,
                RecommendationTopology.USER_STATE_STORE,
                userId,
                () -> {
                    UserState state = storedState(userId).orElse(null);
                    ctx.contentType("application/json")
                            .result(search.search(userId, state, query, k));
                    metrics.searchServed(System.nanoTime() - start);
                });
    }

    /** The user's list in this instance's store (which holds it encoded), if any. */
    private Optional<Recommendations> storedList(String userId) {
        return locator.<byte[]>local(RecommendationTopology.RECOMMENDATIONS_STORE, userId)
                .map(LISTS::decode);
    }

    /**
     * The user's newest state in this instance's store (which holds it encoded), if any (bytes that
     * are no state read as none: see {@link LatestUserStates}).
     */
    private Optional<UserState> storedState(String userId) {
        return locator.<byte[]>local(RecommendationTopology.USER_STATE_STORE, userId)
                .flatMap(LatestUserStates::decode);
    }

    /** Answers here when this instance owns the user, else forwards the request once. */
    private void routed(Context ctx, String store, String userId, LocalAnswer local)
            throws Exception {
        try {
            KeyLocator.Owner owner = locator.ownerOf(store, userId);
            if (owner instanceof KeyLocator.Owner.Here) {
                local.answer();
            } else if (owner instanceof KeyLocator.Owner.Elsewhere elsewhere
                    && ctx.header(FORWARDED) == null) {
                forward(ctx, elsewhere.host());
            } else {
                unavailable(ctx);
            }
        } catch (InvalidStateStoreException e) {
            unavailable(ctx);
        }
    }

    private void forward(Context ctx, HostInfo host) throws InterruptedException {
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + ctx.path() + query);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED, "1");
        // the owner checks the caller's credentials again
        for (String header : new String[] {ReadAccess.KEY_HEADER, "Authorization", "Cookie"}) {
            String value = ctx.header(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        try {
            HttpResponse<String> response =
                    forwarder.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
            ctx.status(response.statusCode())
                    .contentType(
                            response.headers()
                                    .firstValue("Content-Type")
                                    .orElse("application/json"))
                    .result(response.body());
        } catch (IOException e) {
            LOG.warn("Forwarding {} to {} failed: {}", ctx.path(), host, e.toString());
            ctx.status(502).json(Map.of("error", "owner " + host + " did not answer"));
        }
    }

    private static void unavailable(Context ctx) {
        ctx.header("Retry-After", "1")
                .status(503)
                .json(Map.of("error", "the owner of this user is not known yet (rebalancing)"));
    }

    private Runnable stream(LiveStreams.Stream stream) {
        String userId = stream.client().ctx().pathParam("id");
        int k = parseK(stream.client().ctx().queryParam("k"));
        if (k < 0) {
            stream.push(
                    "error",
                    JsonViews.write(Map.of("error", "k must be an integer from 1 to " + MAX_K)));
            stream.client().close();
            return () -> {};
        }
        return listeners.subscribe(
                userId,
                list -> stream.push("recommendations", JsonViews.recommendations(list, k, "live")));
    }

    private void health(Context ctx) {
        HealthReport report = healthy.get();
        Map<String, Object> extras = new LinkedHashMap<>(health.get());
        extras.put("openStreams", streams.open());
        ctx.status(report.httpStatus()).json(report.toMap(extras));
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    private int parseK(String text) {
        if (text == null) {
            return defaultK;
        }
        try {
            int k = Integer.parseInt(text);
            return k >= 1 && k <= MAX_K ? k : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        streams.close(); // ends the open streams while the server can still answer them
        if (app != null) {
            app.stop();
        }
        pushes.shutdownNow();
    }

    @FunctionalInterface
    private interface LocalAnswer {
        void answer() throws Exception;
    }
}
