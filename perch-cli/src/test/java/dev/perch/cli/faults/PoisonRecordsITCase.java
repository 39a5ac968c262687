package dev.perch.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perch.cli.local.LocalOptions;
import dev.perch.cli.local.LocalStack;
import dev.perch.cli.local.ServiceProcess;
import dev.perch.demo.DemoCatalog;
import dev.perch.demo.DemoData;
import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import dev.perch.events.Topics;
import dev.perch.events.serde.AvroCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage bytes on every topic Perch consumes, against the real processes of {@code perch local}: a
 * KRaft broker, the stream jobs on a Flink MiniCluster (child JVM, their job jar) and the model
 * server (child JVM). Every process stays up, every garbage record becomes a dead letter with its
 * reason, topic and offset, and a new event afterwards still produces a new recommendation list.
 */
class PoisonRecordsITCase {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final AvroCodec<ClickEvent> EVENTS = AvroCodec.of(ClickEvent.class);
    private static final AvroCodec<DeadLetter> LETTERS = AvroCodec.of(DeadLetter.class);
    private static final String USER = "poison-test-shopper";

    @Test
    @DisplayName(
            "garbage on perch.events, perch.items, perch.user-state, perch.item-neighbors and"
                    + " perch.recommendations: every process stays up, each becomes a dead letter"
                    + " with its reason, and a new event still produces a new list")
    void poisonRecordsNeverStopAProcess(@TempDir Path dir) throws Exception {
        Path home = Path.of(System.getProperty("perch.home", "..")).toAbsolutePath().normalize();
        System.setProperty("perch.home", home.toString());
        LocalOptions options =
                new LocalOptions(
                        dir.resolve("data"),
                        0,
                        2,
                        "512m",
                        "768m",
                        "768m",
                        1,
                        freePort(),
                        freePort());
        PrintWriter out = new PrintWriter(System.out, true);
        try (LocalStack stack = LocalStack.startBroker(options, out)) {
            String bootstrap = stack.bootstrap();
            DemoData.publishCatalog(bootstrap, embeddings(), "poison-test-v1");
            stack.startServices(false);
            String item = DemoCatalog.itemId(1);

            try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
                send(producer, Topics.EVENTS, USER, EVENTS.encode(view(item)));
                long first = awaitListAbove(stack, 0);

                for (String topic :
                        List.of(
                                Topics.EVENTS,
                                Topics.ITEMS,
                                Topics.USER_STATE,
                                Topics.ITEM_NEIGHBORS,
                                Topics.RECOMMENDATIONS)) {
                    send(
                            producer,
                            topic,
                            "poison",
                            "\u0000 not avro at all".getBytes(StandardCharsets.UTF_8));
                }

                List<DeadLetter> letters = new ArrayList<>();
                try (KafkaConsumer<byte[], byte[]> consumer = deadLetters(bootstrap)) {
                    await(
                            "a dead letter for each poisoned topic",
                            () -> {
                                for (ConsumerRecord<byte[], byte[]> r :
                                        consumer.poll(Duration.ofMillis(500))) {
                                    letters.add(LETTERS.decode(r.value()));
                                }
                                return poisoned(letters, Topics.EVENTS, "user-state-job")
                                        && poisoned(letters, Topics.EVENTS, "item-statistics-job")
                                        && poisoned(letters, Topics.ITEMS, "user-state-job")
                                        && poisoned(letters, Topics.ITEMS, "feature-store-updater")
                                        && poisoned(letters, Topics.USER_STATE, "model-server")
                                        && poisoned(
                                                letters,
                                                Topics.ITEM_NEIGHBORS,
                                                "feature-store-updater")
                                        && poisoned(
                                                letters, Topics.RECOMMENDATIONS, "model-server");
                            });
                }
                for (DeadLetter letter : letters) {
                    if ("poison".equals(key(letter))) {
                        assertThat(letter.getReason()).isNotBlank();
                        assertThat(letter.getSourceOffset()).isNotNull();
                        assertThat(letter.getSourcePartition()).isNotNull();
                        assertThat(
                                        StandardCharsets.UTF_8
                                                .decode(letter.getOriginalBytes().duplicate())
                                                .toString())
                                .isEqualTo("\u0000 not avro at all");
                    }
                }

                for (ServiceProcess service : stack.services()) {
                    assertThat(service.isAlive()).as("%s is up", service.name()).isTrue();
                }
                assertThat(stack.firstDead()).isNull();
                JsonNode health = get(stack.modelServerUrl() + "/health");
                assertThat(health.get("status").asText()).isEqualTo("UP");
                assertThat(text(stack.modelServerUrl() + "/metrics"))
                        .contains("perch_dead_letters_total");

                send(producer, Topics.EVENTS, USER, EVENTS.encode(view(DemoCatalog.itemId(2))));
                long second = awaitListAbove(stack, first);
                assertThat(second).isGreaterThan(first);
            }
        }
    }

    /** A random 8-dimensional embedding of every demo item, so lists have nearest items. */
    private static Map<String, float[]> embeddings() {
        Random random = new Random(14);
        Map<String, float[]> out = new HashMap<>();
        for (Item item : DemoCatalog.items(Instant.now())) {
            float[] v = new float[8];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian();
            }
            out.put(item.getItemId(), v);
        }
        return out;
    }

    private static boolean poisoned(List<DeadLetter> letters, String topic, String stage) {
        return letters.stream()
                .anyMatch(
                        l ->
                                topic.equals(l.getSourceTopic())
                                        && stage.equals(l.getStage())
                                        && "poison".equals(key(l)));
    }

    private static String key(DeadLetter letter) {
        return letter.getOriginalKey() == null
                ? null
                : StandardCharsets.UTF_8.decode(letter.getOriginalKey().duplicate()).toString();
    }

    private static ClickEvent view(String item) {
        Instant now = Instant.now();
        return ClickEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setUserId(USER)
                .setType(EventType.VIEW)
                .setItemId(item)
                .setEventTime(now)
                .setReceivedTime(now)
                .build();
    }

    /** Waits for a stored list of the shopper computed from a state version above {@code v}. */
    private static long awaitListAbove(LocalStack stack, long v) {
        String url = stack.modelServerUrl() + "/v1/users/" + USER + "/recommendations";
        long[] version = {0};
        await(
                "a list from a state above version " + v,
                () -> {
                    JsonNode list = getOrNull(url);
                    if (list == null || !"stored".equals(list.path("source").asText())) {
                        return false;
                    }
                    version[0] = list.get("userStateVersion").asLong();
                    return version[0] > v && list.get("items").size() > 0;
                });
        return version[0];
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                .get();
    }

    private static KafkaConsumer<byte[], byte[]> deadLetters(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "poison-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.DEAD_LETTER));
        return consumer;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s for %s", WAIT, what).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        return JSON.readTree(text(url));
    }

    private static JsonNode getOrNull(String url) {
        try {
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String text(String url) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
