package dev.perch.cli.parity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.cli.local.LocalOptions;
import dev.perch.cli.local.LocalStack;
import dev.perch.core.itemstats.TrendingSettings;
import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.CandidateSources;
import dev.perch.core.recommend.GatherSettings;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.ScoredId;
import dev.perch.core.recommend.memory.MemorySources;
import dev.perch.core.replay.PipelineReplay;
import dev.perch.core.replay.ReplaySettings;
import dev.perch.core.sequence.SequenceModel;
import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.Recommendations;
import dev.perch.events.RecommendedItem;
import dev.perch.events.ScoredItem;
import dev.perch.events.Topics;
import dev.perch.events.TrendingItems;
import dev.perch.events.serde.AvroCodec;
import dev.perch.featurestore.ItemText;
import dev.perch.model.ArtifactRanker;
import dev.perch.model.ModelArtifact;
import dev.perch.model.sequence.DjlSequenceModel;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.testing.PlantedClickStream;
import dev.perch.model.text.SentenceEncoder;
import dev.perch.model.train.PerchTrainer;
import dev.perch.model.train.TrainSettings;
import dev.perch.modelserver.ModelServerConfig;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One generated click-stream through the live path (the real processes of {@code perch local}: a
 * KRaft broker, the stream jobs on a Flink MiniCluster, the model server with a ranker and a
 * SASRec+ sequence model trained in the test) and through the evaluator's replay ({@link
 * PipelineReplay} with the same model): the lists the model server publishes for sampled users are
 * the lists the evaluator computes for the same users.
 *
 * <p>How the two are lined up, and the one stated difference:
 *
 * <ul>
 *   <li>Item statistics move asynchronously live, so the test waits until every item's published
 *       neighbours, followers and popularity and the trending and all-time lists are the replay's
 *       (that is itself checked), and only then asks for lists: each sampled user sends a search
 *       (no item: it moves the user's state and no statistic) at the latest event time, which the
 *       replay tracks too.
 *   <li>A clock event 5 s after the last visit moves the jobs' watermark (5 s out of orderness)
 *       exactly to the last visit, so the live trending lists are those of the window the replay
 *       holds as current (the window ending at the newest slide boundary reached).
 *   <li>Stated difference: scores are compared to 1e-4 (relative), and two items whose scores are
 *       that close may swap places or cross the cut-off: the model server scores and encodes users
 *       in micro-batches (padded to the longest sequence), the replay one user at a time, and
 *       libtorch's float sums differ in the last bits between batch shapes.
 *   <li>A user whose list does not match yet is asked again (another search) a few times: the
 *       feature store may apply the last statistics a moment after the topics hold them. A
 *       difference in the logic never goes away and fails the test.
 * </ul>
 */
class LiveMatchesEvaluatorITCase {
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final AvroCodec<ClickEvent> EVENTS = AvroCodec.of(ClickEvent.class);
    private static final AvroCodec<Item> ITEMS = AvroCodec.of(Item.class);
    private static final AvroCodec<ItemNeighbors> NEIGHBORS = AvroCodec.of(ItemNeighbors.class);
    private static final AvroCodec<TrendingItems> TRENDING = AvroCodec.of(TrendingItems.class);
    private static final AvroCodec<Recommendations> LISTS = AvroCodec.of(Recommendations.class);
    private static final int SAMPLED = 12;
    private static final int ROUNDS = 5;
    private static final double TOLERANCE = 1e-4;
    // what the item-statistics job publishes by default: what the gatherer takes
    private static final int PUBLISHED_NEIGHBORS = GatherSettings.DEFAULTS.neighborsPerAnchor();
    private static final int PUBLISHED_FOLLOWERS = GatherSettings.DEFAULTS.followersPerAnchor();
    private static final int LISTED = TrendingSettings.DEFAULTS.topN();

    @Test
    @DisplayName(
            "the model server's lists for sampled users equal the evaluator's replay of the same"
                    + " stream with the same model (scores to 1e-4, near-ties may swap)")
    void liveListsAreTheEvaluatorsLists(@TempDir Path dir) throws Exception {
        Path home = Path.of(System.getProperty("perch.home", "..")).toAbsolutePath().normalize();
        System.setProperty("perch.home", home.toString());
        // three hours of traffic, so every category trends in the last window
        PlantedClickStream stream =
                PlantedClickStream.generate(
                        new PlantedClickStream.Spec(
                                5,
                                20,
                                200,
                                4,
                                6,
                                0.9,
                                Instant.parse("2026-11-30T09:00:00Z"),
                                Duration.ofHours(3)),
                        21);
        // the jobs take UUID event ids only (ClickEventRules)
        List<ClickEvent> events =
                stream.events().stream()
                        .sorted(Comparator.comparing(ClickEvent::getEventTime))
                        .map(
                                e ->
                                        ClickEvent.newBuilder(e)
                                                .setEventId(
                                                        UUID.nameUUIDFromBytes(
                                                                        e.getEventId()
                                                                                .getBytes(
                                                                                        StandardCharsets
                                                                                                .UTF_8))
                                                                .toString())
                                                .build())
                        .toList();
        Map<String, String> categories = new HashMap<>();
        stream.items().forEach(i -> categories.put(i.getItemId(), i.getCategoryPath().get(0)));
        // the model server encodes each catalog item's text (feature-store ItemText) with the
        // sentence encoder; the replay and the trainer get the same vectors
        Map<String, float[]> text = new HashMap<>();
        try (SentenceEncoder encoder = SentenceEncoder.load()) {
            List<String> texts = stream.items().stream().map(ItemText::of).toList();
            List<float[]> vectors = encoder.encode(texts);
            for (int i = 0; i < texts.size(); i++) {
                text.put(stream.items().get(i).getItemId(), vectors.get(i));
            }
        }
        Path data = dir.resolve("data");
        ModelArtifact artifact =
                new PerchTrainer("cpu", line -> {})
                        .train(
                                events,
                                stream.items(),
                                text,
                                TrainSettings.SMALL,
                                SequenceSettings.SMALL,
                                data.resolve("models"))
                        .artifact();
        Map<String, float[]> embeddings = artifact.readEmbeddings();

        Instant lastVisit = events.get(events.size() - 1).getEventTime();
        Instant clockTime = lastVisit.plusMillis(5_001);
        ClickEvent clock = search("parity-clock", clockTime);

        // the ranker the trainer chose, loaded as the model server loads it
        CandidateScorer scorer = ArtifactRanker.load(artifact, "cpu");
        try (DjlSequenceModel sequence =
                DjlSequenceModel.load(artifact.sequence().orElseThrow(), "cpu")) {
            PipelineReplay replay =
                    new PipelineReplay(
                            embeddings,
                            categories,
                            scorer,
                            ModelServerConfig.SHOP_RULES,
                            ReplaySettings.DEFAULTS);
            replay.sources().useTextEmbeddings(text, categories);
            Recommender evaluator =
                    replay.recommender().withSequenceModel(sequence, SequenceModel.CANDIDATES);
            events.forEach(replay::apply);
            replay.apply(clock);

            LocalOptions options =
                    new LocalOptions(data, 0, 1, "512m", "768m", "1g", 1, freePort(), freePort());
            try (LocalStack stack =
                    LocalStack.startBroker(options, new PrintWriter(System.out, true))) {
                String bootstrap = stack.bootstrap();
                try (Sender producer = new Sender(bootstrap)) {
                    for (Item item : stream.items()) {
                        producer.send(
                                Topics.ITEMS,
                                item.getItemId(),
                                ITEMS.encode(withEmbedding(item, embeddings, artifact.version())));
                    }
                    producer.flush();
                    stack.startServices(false);

                    for (ClickEvent event : events) {
                        producer.send(Topics.EVENTS, event.getUserId(), EVENTS.encode(event));
                    }
                    producer.send(Topics.EVENTS, clock.getUserId(), EVENTS.encode(clock));
                    producer.flush();

                    awaitStatisticsOf(bootstrap, replay.sources(), categories);

                    List<String> users = sampledUsers(events);
                    Map<String, Comparison> last = new LinkedHashMap<>();
                    try (KafkaConsumer<byte[], byte[]> lists =
                            consumer(bootstrap, Topics.RECOMMENDATIONS)) {
                        List<String> pending = users;
                        for (int round = 0; round < ROUNDS && !pending.isEmpty(); round++) {
                            Map<String, String> probes = new HashMap<>();
                            Map<String, List<RecommendedItem>> expected = new HashMap<>();
                            for (String user : pending) {
                                ClickEvent probe = search(user, clockTime);
                                replay.track(probe);
                                expected.put(
                                        user,
                                        evaluator.recommend(
                                                replay.stateOf(user),
                                                ModelServerConfig.defaults().k()));
                                probes.put(probe.getEventId(), user);
                                producer.send(Topics.EVENTS, user, EVENTS.encode(probe));
                            }
                            producer.flush();
                            Map<String, Recommendations> live = awaitLists(lists, probes);
                            List<String> again = new ArrayList<>();
                            for (String user : pending) {
                                Comparison c =
                                        new Comparison(
                                                live.get(user).getItems(), expected.get(user));
                                last.put(user, c);
                                assertThat(live.get(user).getModelVersion())
                                        .as("the trained model scored the live list")
                                        .isEqualTo(artifact.version());
                                if (!c.same()) {
                                    again.add(user);
                                }
                            }
                            System.out.printf(
                                    "parity round %d: %d of %d users match%n",
                                    round, pending.size() - again.size(), pending.size());
                            pending = again;
                            if (!pending.isEmpty()) {
                                TimeUnit.SECONDS.sleep(2);
                            }
                        }
                    }
                    last.forEach(
                            (user, c) ->
                                    System.out.printf(
                                            "parity %s: %s, %d items, max score difference %.2e,"
                                                    + " %d items differ%n",
                                            user,
                                            c.same() ? "same" : "DIFFERENT",
                                            c.live().size(),
                                            c.maxScoreDifference(),
                                            c.differentItems()));
                    for (Map.Entry<String, Comparison> e : last.entrySet()) {
                        assertThat(e.getValue().same())
                                .as(
                                        "user %s: live %s, evaluator %s",
                                        e.getKey(), e.getValue().live(), e.getValue().expected())
                                .isTrue();
                    }
                    assertThat(last).hasSize(SAMPLED);
                    assertThat(last.values())
                            .as("the lists are not trivially empty")
                            .allSatisfy(c -> assertThat(c.live()).hasSize(20));
                }
            }
        } finally {
            ArtifactRanker.close(scorer);
        }
    }

    /**
     * A live list against the evaluator's: equal scores rank by rank (to {@link #TOLERANCE}), and
     * equal items except among near-ties.
     */
    record Comparison(List<RecommendedItem> live, List<RecommendedItem> expected) {
        boolean same() {
            if (live.size() != expected.size()) {
                return false;
            }
            for (int i = 0; i < live.size(); i++) {
                double a = live.get(i).getScore();
                double b = expected.get(i).getScore();
                if (!close(a, b)) {
                    return false;
                }
                if (!live.get(i).getItemId().equals(expected.get(i).getItemId()) && !tiedAt(i)) {
                    return false;
                }
            }
            return true;
        }

        double maxScoreDifference() {
            double max = 0;
            for (int i = 0; i < Math.min(live.size(), expected.size()); i++) {
                max = Math.max(max, Math.abs(live.get(i).getScore() - expected.get(i).getScore()));
            }
            return max;
        }

        long differentItems() {
            long n = 0;
            for (int i = 0; i < Math.min(live.size(), expected.size()); i++) {
                if (!live.get(i).getItemId().equals(expected.get(i).getItemId())) {
                    n++;
                }
            }
            return n + Math.abs(live.size() - expected.size());
        }

        /** Whether the evaluator's item at {@code i} has a near-tie next to it (or at the cut). */
        private boolean tiedAt(int i) {
            double score = expected.get(i).getScore();
            boolean before = i > 0 && close(expected.get(i - 1).getScore(), score);
            boolean after =
                    i + 1 >= expected.size() || close(expected.get(i + 1).getScore(), score);
            return before || after;
        }

        private static boolean close(double a, double b) {
            return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(b));
        }
    }

    /**
     * Waits until the topics hold what the replay holds: every item's neighbours, followers and
     * all-time popularity, each category's and the global trending list, and the all-time list.
     */
    private static void awaitStatisticsOf(
            String bootstrap, MemorySources expected, Map<String, String> categories) {
        Map<String, ItemNeighbors> neighbors = new HashMap<>();
        Map<String, TrendingItems> trending = new HashMap<>();
        List<String> scopes = new ArrayList<>(new java.util.TreeSet<>(categories.values()));
        scopes.add(CandidateSources.GLOBAL);
        String[] mismatch = {"nothing read yet"};
        try (KafkaConsumer<byte[], byte[]> n = consumer(bootstrap, Topics.ITEM_NEIGHBORS);
                KafkaConsumer<byte[], byte[]> t = consumer(bootstrap, Topics.TRENDING)) {
            Awaitility.await("the item statistics the replay holds")
                    .atMost(WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> {
                                for (ConsumerRecord<byte[], byte[]> r :
                                        n.poll(Duration.ofMillis(200))) {
                                    ItemNeighbors record = NEIGHBORS.decode(r.value());
                                    neighbors.put(record.getItemId(), record);
                                }
                                for (ConsumerRecord<byte[], byte[]> r :
                                        t.poll(Duration.ofMillis(200))) {
                                    TrendingItems record = TRENDING.decode(r.value());
                                    trending.put(record.getScope(), record);
                                }
                                mismatch[0] =
                                        firstDifference(
                                                expected, categories, scopes, neighbors, trending);
                                return mismatch[0] == null;
                            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "the live item statistics never became the replay's: " + mismatch[0], e);
        }
    }

    /** What differs between the topics and the replay, or null when nothing does. */
    private static String firstDifference(
            MemorySources expected,
            Map<String, String> categories,
            List<String> scopes,
            Map<String, ItemNeighbors> neighbors,
            Map<String, TrendingItems> trending) {
        for (String item : new java.util.TreeSet<>(categories.keySet())) {
            ItemNeighbors live = neighbors.get(item);
            double popularity = expected.catalog().item(item).orElseThrow().popularity();
            if (live == null) {
                if (popularity == 0 && expected.neighbors(item, 1).isEmpty()) {
                    continue; // never visited: nothing to publish
                }
                return item
                        + ": no record (records of "
                        + neighbors.size()
                        + " items read, trending scopes "
                        + trending.keySet()
                        + ")";
            }
            if (live.getPopularity() != popularity) {
                return item + ": popularity " + live.getPopularity() + " vs " + popularity;
            }
            if (!same(live.getNeighbors(), expected.neighbors(item, PUBLISHED_NEIGHBORS))) {
                return item
                        + ": neighbours "
                        + live.getNeighbors()
                        + " vs "
                        + expected.neighbors(item, PUBLISHED_NEIGHBORS);
            }
            if (!same(live.getFollowers(), expected.followers(item, PUBLISHED_FOLLOWERS))) {
                return item
                        + ": followers "
                        + live.getFollowers()
                        + " vs "
                        + expected.followers(item, PUBLISHED_FOLLOWERS);
            }
        }
        for (String scope : scopes) {
            TrendingItems live = trending.get(scope);
            if (live == null || !same(live.getItems(), expected.trending(scope, LISTED))) {
                return "trending "
                        + scope
                        + ": "
                        + (live == null ? "none" : live.getWindowEnd() + " " + live.getItems())
                        + " vs "
                        + expected.trending(scope, LISTED);
            }
        }
        TrendingItems allTime = trending.get(CandidateSources.ALL_TIME);
        if (allTime == null || !same(allTime.getItems(), expected.popular(LISTED))) {
            return "all-time: "
                    + (allTime == null ? "none" : allTime.getItems())
                    + " vs "
                    + expected.popular(LISTED);
        }
        return null;
    }

    private static boolean same(List<ScoredItem> live, List<ScoredId> expected) {
        if (live.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < live.size(); i++) {
            if (!live.get(i).getItemId().equals(expected.get(i).itemId())
                    || Math.abs(live.get(i).getScore() - expected.get(i).score())
                            > 1e-8 * Math.max(1, Math.abs(expected.get(i).score()))) {
                return false;
            }
        }
        return true;
    }

    /** The list of each probe's user that the probe caused. */
    private static Map<String, Recommendations> awaitLists(
            KafkaConsumer<byte[], byte[]> consumer, Map<String, String> probes) {
        Map<String, Recommendations> found = new HashMap<>();
        Awaitility.await("a list caused by each probe")
                .atMost(WAIT)
                .until(
                        () -> {
                            for (ConsumerRecord<byte[], byte[]> r :
                                    consumer.poll(Duration.ofMillis(200))) {
                                Recommendations list = LISTS.decode(r.value());
                                String user = probes.get(list.getCauseEventId());
                                if (user != null) {
                                    found.put(user, list);
                                }
                            }
                            return found.size() == probes.size();
                        });
        return found;
    }

    /** Twelve users with at least three events, the same ones every run. */
    private static List<String> sampledUsers(List<ClickEvent> events) {
        Map<String, Integer> counts = new HashMap<>();
        events.forEach(e -> counts.merge(e.getUserId(), 1, Integer::sum));
        List<String> users =
                counts.entrySet().stream()
                        .filter(e -> e.getValue() >= 3)
                        .map(Map.Entry::getKey)
                        .sorted()
                        .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        java.util.Collections.shuffle(users, new Random(5));
        return List.copyOf(users.subList(0, SAMPLED));
    }

    private static ClickEvent search(String user, Instant time) {
        return ClickEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setUserId(user)
                .setType(EventType.SEARCH)
                .setQuery("anything")
                .setEventTime(time)
                .setReceivedTime(time)
                .build();
    }

    private static Item withEmbedding(Item item, Map<String, float[]> embeddings, String version) {
        float[] vector = embeddings.get(item.getItemId());
        if (vector == null) {
            return item;
        }
        List<Float> values = new ArrayList<>(vector.length);
        for (float v : vector) {
            values.add(v);
        }
        return Item.newBuilder(item).setEmbedding(values).setEmbeddingVersion(version).build();
    }

    /**
     * The test's producer: a record it could not deliver fails the test at the next flush, with
     * Kafka's reason, instead of being missed later as a parity difference.
     */
    private static final class Sender implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final AtomicReference<Exception> failed = new AtomicReference<>();

        Sender(String bootstrap) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }

        void send(String topic, String key, byte[] value) {
            producer.send(
                    new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value),
                    (metadata, error) -> {
                        if (error != null) {
                            failed.compareAndSet(null, error);
                        }
                    });
        }

        void flush() {
            producer.flush();
            if (failed.get() != null) {
                throw new AssertionError("a record was not delivered", failed.get());
            }
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "parity-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
