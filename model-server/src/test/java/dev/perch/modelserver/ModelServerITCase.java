package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perch.events.RecentItem;
import dev.perch.events.Recommendations;
import dev.perch.events.RecommendedItem;
import dev.perch.events.Topics;
import dev.perch.events.UserState;
import dev.perch.kafka.KafkaBrokerExtension;
import dev.perch.kafka.PerchTopics;
import dev.perch.model.ModelArtifact;
import dev.perch.model.testing.PlantedClickStream;
import dev.perch.model.train.PerchTrainer;
import dev.perch.model.train.TrainSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model server against a real broker with real, small DJL models trained on a planted
 * click-stream: every user gets a list, a model swap mid-run, and a restart mid-stream.
 */
class ModelServerITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir static Path trained;
    private static ModelArtifact first;
    private static ModelArtifact second;
    private static Map<String, float[]> embeddings;

    @TempDir Path tmp;

    @BeforeAll
    static void trainModelsAndPublishCatalog() throws Exception {
        PerchTopics.ensureCreated(KAFKA.bootstrapServers(), 2);
        KafkaIo.sendCatalog(KAFKA.bootstrapServers());
        PlantedClickStream stream = PlantedWorld.STREAM;
        PerchTrainer trainer = new PerchTrainer();
        first =
                trainer.train(
                                stream.events(),
                                stream.items(),
                                TrainSettings.SMALL,
                                trained.resolve("a"))
                        .artifact();
        second =
                trainer.train(
                                stream.events(),
                                stream.items(),
                                TrainSettings.SMALL.withSeed(8),
                                trained.resolve("b"))
                        .artifact();
        assertThat(second.version()).isNotEqualTo(first.version());
        embeddings = first.readEmbeddings();
    }

    @Test
    @DisplayName(
            "every user gets a list from the trained model, without purchased or unavailable"
                    + " items, and the REST answer is that same list")
    void everyUserGetsAList() throws Exception {
        Map<String, UserState> states = PlantedWorld.states(embeddings, first.version(), 1.0, "a-");
        Path models = deploy(first, tmp.resolve("models"));
        String watched = states.keySet().iterator().next();
        try (ModelServer server = ModelServer.start(config("it-a", models, "one"));
                KafkaIo.RecommendationsReader reader = reader("a-");
                SseLines sse =
                        SseLines.open(
                                server.baseUrl()
                                        + "/v1/users/"
                                        + watched
                                        + "/recommendations/stream")) {
            await(() -> server.listeners().subscribers() == 1);
            KafkaIo.sendStates(KAFKA.bootstrapServers(), states);
            Map<String, List<Recommendations>> read =
                    reader.readUntil(KafkaIo.RecommendationsReader.allAtLeast(states), WAIT);

            Set<String> unavailable = PlantedWorld.unavailableItems();
            int buyers = 0;
            for (UserState state : states.values()) {
                Recommendations list =
                        KafkaIo.RecommendationsReader.latest(read, state.getUserId());
                assertThat(list).as("list of %s", state.getUserId()).isNotNull();
                assertThat(list.getModelVersion()).isEqualTo(first.version());
                assertThat(list.getUserStateVersion()).isEqualTo(state.getVersion());
                assertThat(list.getCauseEventId()).isEqualTo(state.getLastEventId());
                assertThat(list.getItems()).isNotEmpty();
                List<String> ids = itemIds(list);
                assertThat(unavailable).isNotEmpty();
                assertThat(ids).noneMatch(unavailable::contains);
                Set<String> purchased =
                        state.getPurchasedItems().stream()
                                .map(RecentItem::getItemId)
                                .collect(Collectors.toSet());
                assertThat(ids).noneMatch(purchased::contains);
                buyers += purchased.isEmpty() ? 0 : 1;

                JsonNode rest =
                        getRetrying(server, "/v1/users/" + state.getUserId() + "/recommendations");
                assertThat(rest.get("source").asText()).isEqualTo("stored");
                assertThat(rest.get("modelVersion").asText()).isEqualTo(first.version());
                assertThat(rest.get("userStateVersion").asLong()).isEqualTo(state.getVersion());
                List<String> restIds = new ArrayList<>();
                rest.get("items").forEach(i -> restIds.add(i.get("itemId").asText()));
                assertThat(restIds).isEqualTo(ids);
            }

            assertThat(buyers).as("users with purchases to exclude").isPositive();

            await(() -> sse.lines().stream().anyMatch(l -> l.startsWith("data:")));
            assertThat(sse.lines()).contains("event: recommendations");
            String data =
                    sse.lines().stream()
                            .filter(l -> l.startsWith("data:"))
                            .findFirst()
                            .orElseThrow();
            JsonNode pushed = readJson(data.substring("data:".length()).trim());
            assertThat(pushed.get("userId").asText()).isEqualTo(watched);
            assertThat(pushed.get("modelVersion").asText()).isEqualTo(first.version());

            JsonNode cold = getRetrying(server, "/v1/users/nobody-at-all/recommendations?k=5");
            assertThat(cold.get("source").asText()).isEqualTo("cold-start");
            assertThat(cold.get("items").size()).isBetween(1, 5);

            String someone = states.keySet().iterator().next();
            JsonNode state = getRetrying(server, "/v1/users/" + someone + "/state");
            assertThat(state.get("version").asLong()).isEqualTo(states.get(someone).getVersion());

            assertThat(status(server, "/v1/users/" + someone + "/recommendations?k=0"))
                    .isEqualTo(400);
            assertThat(status(server, "/v1/users/nobody-at-all/state")).isEqualTo(404);
            assertThat(get(server, "/health").get("status").asText()).isEqualTo("UP");
            assertThat(text(server, "/metrics"))
                    .contains("perch_recommendations_published")
                    .contains("perch_scoring_batch_latency")
                    .contains("perch_buffered_users")
                    .contains("perch_user_state_consumer_lag")
                    .contains("perch_model_version{version=\"" + first.version() + "\"} 1.0");
        }
    }

    @Test
    @DisplayName(
            "a new model artifact is swapped in during a run: lists before carry the old version,"
                    + " after the new one, no user skipped; a corrupt artifact is refused")
    void modelSwapDuringARun() throws Exception {
        Map<String, UserState> half = PlantedWorld.states(embeddings, first.version(), 0.5, "b-");
        Map<String, UserState> full = PlantedWorld.states(embeddings, first.version(), 1.0, "b-");
        Path models = deploy(first, tmp.resolve("models"));
        try (ModelServer server = ModelServer.start(config("it-b", models, "one"));
                KafkaIo.RecommendationsReader reader = reader("b-")) {
            KafkaIo.sendStates(KAFKA.bootstrapServers(), half);
            reader.readUntil(KafkaIo.RecommendationsReader.allAtLeast(half), WAIT);

            deploy(second, models);
            await(() -> server.recommender().scorer().version().equals(second.version()));

            KafkaIo.sendStates(KAFKA.bootstrapServers(), full);
            Map<String, List<Recommendations>> read =
                    reader.readUntil(KafkaIo.RecommendationsReader.allAtLeast(full), WAIT);

            for (UserState state : full.values()) {
                List<Recommendations> lists = read.get(state.getUserId());
                long halfVersion = half.get(state.getUserId()).getVersion();
                assertThat(lists).as("lists of %s", state.getUserId()).isNotEmpty();
                for (Recommendations list : lists) {
                    if (list.getUserStateVersion() <= halfVersion) {
                        assertThat(list.getModelVersion()).isEqualTo(first.version());
                    }
                }
                Recommendations last = lists.get(lists.size() - 1);
                if (state.getVersion() > halfVersion) {
                    assertThat(last.getModelVersion()).isEqualTo(second.version());
                }
                assertThat(last.getUserStateVersion()).isEqualTo(state.getVersion());
            }

            Path corrupt = Files.createDirectories(models.resolve("zz-corrupt"));
            Files.writeString(corrupt.resolve("manifest.json"), "{ this is not a manifest");
            await(() -> server.metrics().modelsRefused() >= 1);
            assertThat(server.recommender().scorer().version()).isEqualTo(second.version());
        }
    }

    @Test
    @DisplayName(
            "an instance restarted mid-stream restores its state from Kafka (the users' states"
                    + " from perch.user-state itself, a garbage record there read as no state)"
                    + " and leaves no user without recommendations")
    void restartMidStream() throws Exception {
        Map<String, UserState> half = PlantedWorld.states(embeddings, first.version(), 0.5, "c-");
        Map<String, UserState> full = PlantedWorld.states(embeddings, first.version(), 1.0, "c-");
        Path models = deploy(first, tmp.resolve("models"));
        try (KafkaIo.RecommendationsReader reader = reader("c-")) {
            Map<String, Long> publishedBefore = new java.util.HashMap<>();
            try (ModelServer before = ModelServer.start(config("it-c", models, "before"))) {
                KafkaIo.sendStates(KAFKA.bootstrapServers(), half);
                // dead-lettered when read; a restore copies it into latest-user-states as it is
                KafkaIo.sendRaw(
                        KAFKA.bootstrapServers(),
                        Topics.USER_STATE,
                        "c-garbage",
                        "not a state".getBytes(StandardCharsets.UTF_8));
                reader.readUntil(read -> !read.isEmpty(), WAIT)
                        .forEach(
                                (user, lists) ->
                                        publishedBefore.put(
                                                user,
                                                lists.get(lists.size() - 1).getUserStateVersion()));
            }
            assertThat(publishedBefore).isNotEmpty();
            // a fresh state directory: the stores can only come back from Kafka (the lists from
            // their changelog, the states from perch.user-state)
            try (ModelServer after = ModelServer.start(config("it-c", models, "after"))) {
                await(after::healthy);
                for (String user : publishedBefore.keySet()) {
                    // the newest state, restored without a changelog of the store's own
                    assertThat(
                                    getRetrying(after, "/v1/users/" + user + "/state")
                                            .get("version")
                                            .asLong())
                            .isEqualTo(half.get(user).getVersion());
                }
                assertThat(status(after, "/v1/users/c-garbage/state")).isEqualTo(404);
                for (Map.Entry<String, Long> published : publishedBefore.entrySet()) {
                    JsonNode rest =
                            getRetrying(
                                    after, "/v1/users/" + published.getKey() + "/recommendations");
                    assertThat(rest.get("source").asText()).isEqualTo("stored");
                    assertThat(rest.get("userStateVersion").asLong())
                            .isGreaterThanOrEqualTo(published.getValue());
                }
                KafkaIo.sendStates(KAFKA.bootstrapServers(), full);
                Map<String, List<Recommendations>> read =
                        reader.readUntil(KafkaIo.RecommendationsReader.allAtLeast(full), WAIT);
                for (UserState state : full.values()) {
                    List<Recommendations> lists = read.get(state.getUserId());
                    assertThat(lists).as("lists of %s", state.getUserId()).isNotEmpty();
                    long previous = 0;
                    for (Recommendations list : lists) {
                        assertThat(list.getUserStateVersion()).isGreaterThanOrEqualTo(previous);
                        previous = list.getUserStateVersion();
                    }
                    JsonNode rest =
                            getRetrying(
                                    after, "/v1/users/" + state.getUserId() + "/recommendations");
                    assertThat(rest.get("source").asText()).isEqualTo("stored");
                    assertThat(rest.get("userStateVersion").asLong()).isEqualTo(state.getVersion());
                }
            }
        }
    }

    @Test
    @DisplayName(
            "two instances share the partitions; each answers every user, forwarding to the owner"
                    + " what it does not hold")
    void twoInstancesRouteQueriesToTheOwner() throws Exception {
        Map<String, UserState> states = PlantedWorld.states(embeddings, first.version(), 1.0, "d-");
        Path models = deploy(first, tmp.resolve("models"));
        try (ModelServer one = ModelServer.start(config("it-d", models, "one"));
                ModelServer two = ModelServer.start(config("it-d", models, "two"));
                KafkaIo.RecommendationsReader reader = reader("d-")) {
            KafkaIo.sendStates(KAFKA.bootstrapServers(), states);
            Map<String, List<Recommendations>> read =
                    reader.readUntil(KafkaIo.RecommendationsReader.allAtLeast(states), WAIT);
            await(() -> one.healthy() && two.healthy());

            int local = 0;
            for (UserState state : states.values()) {
                String path = "/v1/users/" + state.getUserId() + "/recommendations";
                JsonNode viaOne = getRetrying(one, path);
                JsonNode viaTwo = getRetrying(two, path);
                assertThat(viaOne).isEqualTo(viaTwo);
                assertThat(viaOne.get("source").asText()).isEqualTo("stored");
                assertThat(viaOne.get("userStateVersion").asLong()).isEqualTo(state.getVersion());
                List<String> ids = new ArrayList<>();
                viaOne.get("items").forEach(i -> ids.add(i.get("itemId").asText()));
                assertThat(ids)
                        .isEqualTo(
                                itemIds(
                                        KafkaIo.RecommendationsReader.latest(
                                                read, state.getUserId())));
                local +=
                        one.streams()
                                                .queryMetadataForKey(
                                                        RecommendationTopology
                                                                .RECOMMENDATIONS_STORE,
                                                        state.getUserId(),
                                                        new org.apache.kafka.common.serialization
                                                                .StringSerializer())
                                                .activeHost()
                                                .port()
                                        == one.port()
                                ? 1
                                : 0;
            }
            assertThat(local).as("users owned by instance one").isBetween(1, states.size() - 1);
        }
    }

    @Test
    @DisplayName(
            "two instances publish exactly one list per user state between them, and when one"
                    + " stops the other takes its users over: nobody is left without a list")
    void twoInstancesOneListEachAndFailover() throws Exception {
        Map<String, UserState> states = PlantedWorld.states(embeddings, first.version(), 1.0, "e-");
        Path models = deploy(first, tmp.resolve("models"));
        try (ModelServer two = ModelServer.start(config("it-e", models, "two"));
                KafkaIo.RecommendationsReader reader = reader("e-")) {
            try (ModelServer one = ModelServer.start(config("it-e", models, "one"))) {
                await(() -> one.healthy() && two.healthy());
                KafkaIo.sendStates(KAFKA.bootstrapServers(), states);
                reader.readUntil(KafkaIo.RecommendationsReader.allAtLeast(states), WAIT);
                Map<String, List<Recommendations>> read =
                        reader.readUntil(r -> false, Duration.ofSeconds(3)); // late duplicates
                assertOneListPerState(read, states);
            }
            // one has stopped (offsets committed on close); two must take all its users over
            Map<String, UserState> next = new java.util.LinkedHashMap<>();
            states.forEach(
                    (user, state) ->
                            next.put(
                                    user,
                                    UserState.newBuilder(state)
                                            .setVersion(state.getVersion() + 1)
                                            .setLastEventId(state.getLastEventId() + "-next")
                                            .build()));
            KafkaIo.sendStates(KAFKA.bootstrapServers(), next);
            reader.readUntil(KafkaIo.RecommendationsReader.allAtLeast(next), WAIT);
            Map<String, List<Recommendations>> read =
                    reader.readUntil(r -> false, Duration.ofSeconds(3));
            assertOneListPerState(read, next);
        }
    }

    @Test
    @DisplayName(
            "a backlog of states that waited long (an instance starting after an outage) is"
                    + " caught up: every user gets the list of its newest state, and states"
                    + " superseded in the backlog are not each scored")
    void backlogIsCaughtUp() throws Exception {
        List<Map<String, UserState>> backlog =
                List.of(
                        PlantedWorld.states(embeddings, first.version(), 0.34, "f-"),
                        PlantedWorld.states(embeddings, first.version(), 0.67, "f-"),
                        PlantedWorld.states(embeddings, first.version(), 1.0, "f-"));
        Map<String, UserState> newest = backlog.get(backlog.size() - 1);
        // written before the instance starts, with the planted world's updatedAt (their event
        // times, long past): the instance finds them waiting, as after an outage
        long distinct = 0;
        for (Map<String, UserState> states : backlog) {
            KafkaIo.send(KAFKA.bootstrapServers(), Topics.USER_STATE, UserState.class, states);
        }
        for (UserState state : newest.values()) {
            distinct +=
                    backlog.stream()
                            .map(states -> states.get(state.getUserId()).getVersion())
                            .distinct()
                            .count();
        }
        Path models = deploy(first, tmp.resolve("models"));
        // batches of 8 users: without catching up, the backlog's first states would be scored
        // batch by batch before their users' later states are read
        ModelServerConfig config =
                config("it-f", models, "one")
                        .withBatching(
                                new MicroBatchProcessor.Batching(
                                        Duration.ofMillis(20), 8, Duration.ofMillis(500), 2048));
        try (KafkaIo.RecommendationsReader reader = reader("f-");
                ModelServer server = ModelServer.start(config)) {
            Map<String, List<Recommendations>> read =
                    reader.readUntil(KafkaIo.RecommendationsReader.allAtLeast(newest), WAIT);

            for (UserState state : newest.values()) {
                assertThat(
                                KafkaIo.RecommendationsReader.latest(read, state.getUserId())
                                        .getUserStateVersion())
                        .as("newest list of %s", state.getUserId())
                        .isEqualTo(state.getVersion());
            }
            long lists = read.values().stream().mapToLong(List::size).sum();
            assertThat(distinct).as("states of distinct versions").isGreaterThan(newest.size());
            assertThat(lists).as("lists of %d states", distinct).isLessThan(distinct);
            assertThat(metric(server, "perch_user_states_coalesced_total")).isPositive();
        }
    }

    /** The value of a counter or gauge without labels on the instance's /metrics page. */
    private static double metric(ModelServer server, String name) {
        return text(server, "/metrics")
                .lines()
                .filter(line -> line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not on /metrics"));
    }

    /** Each state of {@code states} has exactly one list computed from its very version. */
    private static void assertOneListPerState(
            Map<String, List<Recommendations>> read, Map<String, UserState> states) {
        for (UserState state : states.values()) {
            List<Recommendations> lists = read.getOrDefault(state.getUserId(), List.of());
            assertThat(
                            lists.stream()
                                    .filter(l -> l.getUserStateVersion() == state.getVersion())
                                    .count())
                    .as("lists of %s at version %d", state.getUserId(), state.getVersion())
                    .isEqualTo(1);
        }
    }

    private ModelServerConfig config(String applicationId, Path models, String instance) {
        return ModelServerConfig.defaults()
                .withBootstrap(KAFKA.bootstrapServers())
                .withApplicationId(applicationId)
                .withPort(0)
                .withModelDir(models)
                .withDirectories(
                        tmp.resolve(instance).resolve("store"),
                        tmp.resolve(instance).resolve("state"))
                .withK(10)
                .withWatchInterval(Duration.ofMillis(200));
    }

    private static KafkaIo.RecommendationsReader reader(String prefix) {
        return new KafkaIo.RecommendationsReader(
                KAFKA.bootstrapServers(), id -> id.startsWith(prefix));
    }

    /** Copies an artifact directory into {@code models/<version>/}, as a deployment would. */
    /**
     * Ships an artifact as operations.md says to: copied under a name starting with a dot, then
     * renamed, so a running watcher never sees half of it.
     */
    private static Path deploy(ModelArtifact artifact, Path models) throws IOException {
        Path staged = models.resolve(".incoming-" + artifact.version());
        try (Stream<Path> files = Files.walk(artifact.directory())) {
            for (Path source : files.toList()) {
                Path copy = staged.resolve(artifact.directory().relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        Files.move(staged, models.resolve(artifact.version()), StandardCopyOption.ATOMIC_MOVE);
        return models;
    }

    private static List<String> itemIds(Recommendations list) {
        return list.getItems().stream().map(RecommendedItem::getItemId).toList();
    }

    private static JsonNode get(ModelServer server, String path) {
        return readJson(text(server, path));
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET as a client honouring 503 + Retry-After would: again until 200 (while rebalancing). */
    private static JsonNode getRetrying(ModelServer server, String path) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 503 || System.nanoTime() > deadline) {
                assertThat(response.statusCode())
                        .as("GET %s: %s", path, response.body())
                        .isEqualTo(200);
                return readJson(response.body());
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private static int status(ModelServer server, String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String text(ModelServer server, String path) {
        try {
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("GET %s: %s", path, response.body())
                    .isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", WAIT).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
