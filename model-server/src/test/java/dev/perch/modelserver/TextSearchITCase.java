package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import dev.perch.events.RecentItem;
import dev.perch.events.Recommendations;
import dev.perch.events.RecommendedItem;
import dev.perch.events.ScoredItem;
import dev.perch.events.Topics;
import dev.perch.events.TrendingItems;
import dev.perch.events.UserState;
import dev.perch.kafka.KafkaBrokerExtension;
import dev.perch.kafka.PerchTopics;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Items understood by their text, on a real broker: the model server encodes each catalog item with
 * the MiniLM sentence encoder as it arrives on perch.items, so an item nobody has touched is found
 * by search for its words and recommended to a shopper whose recent items read alike.
 */
class TextSearchITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NEW_ITEM = "txt-new-marathon";

    @TempDir Path tmp;

    @BeforeAll
    static void topics() {
        PerchTopics.ensureCreated(KAFKA.bootstrapServers(), 2);
    }

    @Test
    @DisplayName(
            "an item published with no interaction is found by search for its words within seconds"
                    + " and recommended to a shopper whose recent items are close to it in text")
    void newItemSearchableAndRecommended() throws Exception {
        Map<String, Item> catalog = catalog();
        KafkaIo.send(KAFKA.bootstrapServers(), Topics.ITEMS, Item.class, catalog);
        KafkaIo.send(
                KAFKA.bootstrapServers(),
                Topics.TRENDING,
                TrendingItems.class,
                Map.of("global", kitchenTrending(catalog)));
        try (ModelServer server = ModelServer.start(config());
                KafkaIo.RecommendationsReader reader =
                        new KafkaIo.RecommendationsReader(
                                KAFKA.bootstrapServers(), id -> id.startsWith("txt-"))) {
            await(() -> server.healthy() && textEmbeddings(server) >= catalog.size());

            Item fresh =
                    item(
                            NEW_ITEM,
                            "Carbon plate marathon racing shoes",
                            List.of("Shoes", "Running"),
                            "Swift",
                            "red",
                            "42",
                            49.0,
                            "Featherweight road racers for a personal best over 42 km");
            long published = System.nanoTime();
            KafkaIo.send(
                    KAFKA.bootstrapServers(), Topics.ITEMS, Item.class, Map.of(NEW_ITEM, fresh));
            AtomicReference<JsonNode> answer = new AtomicReference<>();
            await(
                    () -> {
                        answer.set(search(server, "txt-anyone", "marathon racing shoes", 5));
                        return ids(answer.get()).contains(NEW_ITEM);
                    });
            Duration searchable = Duration.ofNanos(System.nanoTime() - published);
            assertThat(searchable).isLessThan(WITHIN_SECONDS);
            assertThat(ids(answer.get()))
                    .as("the shoes come before anything else, the new racer among them")
                    .hasSizeGreaterThanOrEqualTo(3)
                    .allMatch(
                            id ->
                                    id.startsWith("txt-trail")
                                            || id.startsWith("txt-new")
                                            || id.startsWith("txt-boot"));
            assertThat(answer.get().get("personalised").asBoolean()).isFalse();

            // words the catalog text does not contain: only the semantic half can find it
            JsonNode semantic = search(server, "txt-anyone", "sneakers for a quick 10k", 3);
            assertThat(ids(semantic)).containsAnyOf(NEW_ITEM, "txt-trail-1", "txt-trail-2");

            UserState runner =
                    state(
                            "txt-runner",
                            List.of("txt-trail-1", "txt-trail-2"),
                            Instant.parse("2026-03-01T10:00:00Z"));
            KafkaIo.sendStates(KAFKA.bootstrapServers(), Map.of("txt-runner", runner));
            Map<String, List<Recommendations>> read =
                    reader.readUntil(
                            r -> KafkaIo.RecommendationsReader.latest(r, "txt-runner") != null,
                            WAIT);
            Recommendations list = KafkaIo.RecommendationsReader.latest(read, "txt-runner");
            List<String> recommended =
                    list.getItems().stream().map(RecommendedItem::getItemId).toList();
            assertThat(recommended)
                    .as("the runner's list, among %d trending kitchen items", 20)
                    .contains(NEW_ITEM);
            assertThat(recommended.indexOf(NEW_ITEM))
                    .as("the new racer ranks above every trending kitchen item")
                    .isLessThan(firstKitchen(recommended));

            // the same search, personalised: the runner's kind of shoes come first
            JsonNode personal = search(server, "txt-runner", "shoes", 5);
            assertThat(personal.get("personalised").asBoolean()).isTrue();
            assertThat(ids(personal).subList(0, 2))
                    .containsExactlyInAnyOrder("txt-trail-1", "txt-trail-2");
        }
    }

    @Test
    @DisplayName(
            "query understanding turns colour, category and a price bound into filters, echoes"
                    + " them, and bad queries get a 400 naming the problem")
    void understandsAndRefuses() throws Exception {
        Map<String, Item> catalog = catalog();
        KafkaIo.send(KAFKA.bootstrapServers(), Topics.ITEMS, Item.class, catalog);
        try (ModelServer server = ModelServer.start(config())) {
            await(() -> server.healthy() && textEmbeddings(server) >= catalog.size());
            JsonNode answer = search(server, "txt-anyone", "red running shoes under 50", 10);
            JsonNode understood = answer.get("understood");
            assertThat(understood.get("colour").asText()).isEqualTo("red");
            assertThat(understood.get("category").asText()).isEqualTo("running");
            assertThat(understood.get("maxPrice").asDouble()).isEqualTo(50.0);
            assertThat(ids(answer)).isNotEmpty();
            for (String id : ids(answer)) {
                Item item = catalog.get(id);
                if (item == null) {
                    continue; // an item another test published
                }
                assertThat(item.getAttributes().get("colour")).isEqualTo("red");
                assertThat(item.getCategoryPath()).contains("Running");
                assertThat(item.getPrice()).isLessThanOrEqualTo(50.0);
            }
            assertThat(ids(answer)).contains("txt-trail-1").doesNotContain("txt-trail-2");

            assertBadRequest(server, "", "must not be empty");
            assertBadRequest(server, "x".repeat(201), "at most 200");
            assertBadRequest(server, "shoes\u0001", "control characters");
        }
    }

    private static void assertBadRequest(ModelServer server, String q, String message)
            throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                server.baseUrl()
                                                        + "/v1/users/txt-anyone/search?q="
                                                        + URLEncoder.encode(
                                                                q, StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains(message);
    }

    private ModelServerConfig config() {
        return ModelServerConfig.defaults()
                .withBootstrap(KAFKA.bootstrapServers())
                .withApplicationId("it-text-" + tmp.getFileName())
                .withPort(0)
                .withDirectories(tmp.resolve("store"), tmp.resolve("state"))
                .withK(10);
    }

    private static JsonNode search(ModelServer server, String user, String q, int k) {
        try {
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    server.baseUrl()
                                                            + "/v1/users/"
                                                            + user
                                                            + "/search?k="
                                                            + k
                                                            + "&q="
                                                            + URLEncoder.encode(
                                                                    q, StandardCharsets.UTF_8)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long textEmbeddings(ModelServer server) {
        return server.textEmbeddings();
    }

    private static int firstKitchen(List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i).startsWith("txt-kitchen")) {
                return i;
            }
        }
        return ids.size();
    }

    private static List<String> ids(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.get("items").forEach(i -> out.add(i.get("itemId").asText()));
        return out;
    }

    private static Map<String, Item> catalog() {
        Map<String, Item> items = new LinkedHashMap<>();
        put(
                items,
                item(
                        "txt-trail-1",
                        "Trail running shoes",
                        List.of("Shoes", "Running"),
                        "Stride",
                        "red",
                        "42",
                        45.0,
                        "Grippy running shoes for muddy trails"));
        put(
                items,
                item(
                        "txt-trail-2",
                        "Cushioned road running shoes",
                        List.of("Shoes", "Running"),
                        "Stride",
                        "blue",
                        "43",
                        60.0,
                        "Soft running shoes for long road runs"));
        put(
                items,
                item(
                        "txt-boot",
                        "Leather hiking boots",
                        List.of("Shoes", "Hiking"),
                        "Alp",
                        "brown",
                        "42",
                        120.0,
                        "Waterproof boots for mountain walks"));
        String[] kitchen = {
            "Cast iron frying pan",
            "Stainless steel saucepan",
            "Chef's knife",
            "Wooden chopping board",
            "Ceramic coffee mug",
            "Glass teapot",
            "Non-stick wok",
            "Pepper mill",
            "Salad bowl",
            "Bread knife",
            "Measuring jug",
            "Oven gloves",
            "Baking tray",
            "Rolling pin",
            "Cheese grater",
            "Soup ladle",
            "Mixing bowl",
            "Kitchen scale",
            "Toaster",
            "Kettle"
        };
        for (int i = 0; i < kitchen.length; i++) {
            put(
                    items,
                    item(
                            "txt-kitchen-" + i,
                            kitchen[i],
                            List.of("Kitchen", "Cookware"),
                            "Hearth",
                            "black",
                            null,
                            20.0 + i,
                            "For the kitchen at home"));
        }
        return items;
    }

    private static TrendingItems kitchenTrending(Map<String, Item> catalog) {
        List<ScoredItem> scored = new ArrayList<>();
        int rank = 0;
        for (String id : catalog.keySet()) {
            if (id.startsWith("txt-kitchen")) {
                scored.add(new ScoredItem(id, 100.0 - rank++));
            }
        }
        return TrendingItems.newBuilder()
                .setScope("global")
                .setItems(scored)
                .setWindowStart(Instant.EPOCH)
                .setWindowEnd(Instant.parse("2026-03-01T00:00:00Z"))
                .build();
    }

    private static void put(Map<String, Item> items, Item item) {
        items.put(item.getItemId(), item);
    }

    private static Item item(
            String id,
            String title,
            List<String> path,
            String brand,
            String colour,
            String size,
            double price,
            String description) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("colour", colour);
        if (size != null) {
            attributes.put("size", size);
        }
        attributes.put("description", description);
        return Item.newBuilder()
                .setItemId(id)
                .setTitle(title)
                .setCategoryPath(path)
                .setBrand(brand)
                .setPrice(price)
                .setAvailable(true)
                .setAttributes(attributes)
                .setUpdatedAt(Instant.parse("2026-03-01T00:00:00Z"))
                .build();
    }

    private static UserState state(String user, List<String> viewed, Instant at) {
        List<RecentItem> recent = new ArrayList<>();
        for (String id : viewed) {
            recent.add(new RecentItem(id, EventType.VIEW, at));
        }
        return UserState.newBuilder()
                .setUserId(user)
                .setVersion(1)
                .setRecentItems(recent)
                .setEventCounts(Map.of("VIEW", (long) viewed.size()))
                .setFirstSeen(at)
                .setLastSeen(at)
                .setLastEventId("e-" + user)
                .setUpdatedAt(at)
                .build();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", WAIT).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
