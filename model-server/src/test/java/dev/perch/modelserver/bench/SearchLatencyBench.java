package dev.perch.modelserver.bench;

import dev.perch.events.EventType;
import dev.perch.events.Item;
import dev.perch.events.RecentItem;
import dev.perch.events.Topics;
import dev.perch.events.UserState;
import dev.perch.kafka.BrokerOptions;
import dev.perch.kafka.KafkaBroker;
import dev.perch.kafka.KafkaBrokers;
import dev.perch.kafka.PerchTopics;
import dev.perch.modelserver.KafkaIo;
import dev.perch.modelserver.ModelServer;
import dev.perch.modelserver.ModelServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Search against a running model server: a real broker (kafka-broker), the MovieLens-100K catalog
 * ({@code ml-100k.item}: titles, years, genres) published on perch.items and encoded by the
 * server's updater (the live path: its items/s is printed), 200 users with recent items on
 * perch.user-state, then {@code GET /v1/users/{id}/search} at a fixed rate. Latency is measured
 * from each request's scheduled send time (no coordinated omission) and printed as p50/p90/p99/max.
 *
 * <p>Run: {@code java -cp <model-server test class path>
 * dev.perch.modelserver.bench.SearchLatencyBench <ml-100k.item> [rate/s] [seconds]}
 */
public final class SearchLatencyBench {
    private static final List<String> QUERIES =
            List.of(
                    "comedy",
                    "space adventure",
                    "romantic comedy from the nineties",
                    "war drama",
                    "animated film for children",
                    "horror",
                    "crime thriller",
                    "musical",
                    "film noir detective",
                    "documentary",
                    "star wars",
                    "a funny love story");

    private SearchLatencyBench() {}

    public static void main(String[] args) throws Exception {
        Path itemFile = Path.of(args[0]);
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Map<String, Item> items = readItems(itemFile);
        Path dir = Files.createTempDirectory("perch-search-bench");
        try (KafkaBroker broker = KafkaBrokers.start(BrokerOptions.defaults())) {
            String bootstrap = broker.bootstrapServers();
            PerchTopics.ensureCreated(bootstrap, 2);
            ModelServerConfig config =
                    ModelServerConfig.defaults()
                            .withBootstrap(bootstrap)
                            .withApplicationId("search-bench")
                            .withPort(0)
                            .withDirectories(dir.resolve("store"), dir.resolve("state"));
            try (ModelServer server = ModelServer.start(config)) {
                long published = System.nanoTime();
                KafkaIo.send(bootstrap, Topics.ITEMS, Item.class, items);
                while (server.textEmbeddings() < items.size()) {
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
                }
                double encodeSeconds = (System.nanoTime() - published) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "live path: %d items published on perch.items and encoded in %.1f s ="
                                + " %.0f items/s (MiniLM via DJL OnnxRuntime, CPU)%n",
                        items.size(),
                        encodeSeconds,
                        items.size() / encodeSeconds);
                List<String> ids = new ArrayList<>(items.keySet());
                Random random = new Random(42);
                Map<String, UserState> users = new LinkedHashMap<>();
                for (int u = 0; u < 200; u++) {
                    List<RecentItem> recent = new ArrayList<>();
                    for (int r = 0; r < 10; r++) {
                        recent.add(
                                new RecentItem(
                                        ids.get(random.nextInt(ids.size())),
                                        EventType.VIEW,
                                        Instant.parse("2026-03-01T10:00:00Z")));
                    }
                    users.put("bench-" + u, state("bench-" + u, recent));
                }
                KafkaIo.send(bootstrap, Topics.USER_STATE, UserState.class, users);
                HttpClient http = HttpClient.newHttpClient();
                // warm-up: every query once, until the user store answers
                for (String q : QUERIES) {
                    while (get(http, server, "bench-0", q).statusCode() != 200) {
                        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                    }
                }
                run(http, server, rate, seconds, random);
            }
        }
    }

    private static void run(
            HttpClient http, ModelServer server, int rate, int seconds, Random random) {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int slot = i;
            String user = "bench-" + random.nextInt(200);
            String q = QUERIES.get(random.nextInt(QUERIES.size()));
            inFlight.add(
                    http.sendAsync(request(server, user, q), HttpResponse.BodyHandlers.ofString())
                            .handle(
                                    (response, failure) -> {
                                        latencies[slot] = System.nanoTime() - scheduled;
                                        if (failure != null || response.statusCode() != 200) {
                                            errors.incrementAndGet();
                                        }
                                        return null;
                                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0])).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf(
                Locale.ROOT,
                "search at %d/s for %d s: %d requests in %.1f s, %d errors; latency ms p50 %.1f"
                        + " p90 %.1f p99 %.1f max %.1f%n",
                rate,
                seconds,
                total,
                elapsed,
                errors.get(),
                ms(latencies, 0.50),
                ms(latencies, 0.90),
                ms(latencies, 0.99),
                latencies[latencies.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static HttpResponse<String> get(
            HttpClient http, ModelServer server, String user, String q)
            throws IOException, InterruptedException {
        return http.send(request(server, user, q), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(ModelServer server, String user, String q) {
        return HttpRequest.newBuilder(
                        URI.create(
                                server.baseUrl()
                                        + "/v1/users/"
                                        + user
                                        + "/search?k=10&q="
                                        + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .build();
    }

    /** ml-100k.item: item_id, movie_title, release_year, class (genres separated by spaces). */
    private static Map<String, Item> readItems(Path file) throws IOException {
        Map<String, Item> items = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t", -1);
            if (line.startsWith("item_id") || parts.length < 4 || parts[1].isBlank()) {
                continue;
            }
            List<String> genres =
                    Arrays.stream(parts[3].trim().split(" ")).filter(g -> !g.isBlank()).toList();
            items.put(
                    parts[0],
                    Item.newBuilder()
                            .setItemId(parts[0])
                            .setTitle(parts[1] + (parts[2].isBlank() ? "" : " (" + parts[2] + ")"))
                            .setCategoryPath(genres.isEmpty() ? List.of() : List.of(genres.get(0)))
                            .setAttributes(Map.of("genres", String.join(", ", genres)))
                            .setAvailable(true)
                            .build());
        }
        return items;
    }

    private static UserState state(String user, List<RecentItem> recent) {
        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        return UserState.newBuilder()
                .setUserId(user)
                .setVersion(1)
                .setRecentItems(recent)
                .setEventCounts(Map.of("VIEW", (long) recent.size()))
                .setFirstSeen(at)
                .setLastSeen(at)
                .setUpdatedAt(at)
                .build();
    }
}
