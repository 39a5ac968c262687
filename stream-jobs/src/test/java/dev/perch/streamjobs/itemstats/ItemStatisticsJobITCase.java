package dev.perch.streamjobs.itemstats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.itemstats.CoVisitationIndex;
import dev.perch.core.itemstats.PopularityCounter;
import dev.perch.core.itemstats.TransitionIndex;
import dev.perch.core.itemstats.TrendingCounter;
import dev.perch.core.itemstats.TrendingSettings;
import dev.perch.core.itemstats.VisitWeights;
import dev.perch.core.recommend.CandidateSources;
import dev.perch.core.recommend.ScoredId;
import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import dev.perch.events.TrendingItems;
import dev.perch.kafka.KafkaBrokerExtension;
import dev.perch.streamjobs.DeadLetters;
import dev.perch.streamjobs.Fixtures;
import dev.perch.streamjobs.JobStops;
import dev.perch.streamjobs.KafkaTestBed;
import dev.perch.streamjobs.userstate.UserStateKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.assertj.core.data.Percentage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The item-statistics job on a Flink MiniCluster (RocksDB) against a real Kafka broker: planted
 * co-visitation and trending lists must equal perch-core's in-memory index and counter fed with the
 * same events, through a rescale from a savepoint as well.
 */
class ItemStatisticsJobITCase {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration SLIDE = Duration.ofMinutes(5);
    private static final int MAX_NEIGHBORS = 10;

    /** Two hours ago, on a window boundary: recent enough for the default future skew. */
    private static final Instant START =
            Instant.ofEpochMilli(
                    Instant.now().minus(Duration.ofHours(2)).toEpochMilli()
                            / WINDOW.toMillis()
                            * WINDOW.toMillis());

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    /** The operators' metrics, read to know when a forget request has reached them. */
    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path checkpoints;

    private final Map<String, String> categories = new HashMap<>();
    private final List<ClickEvent> events = new ArrayList<>();

    private static ItemStatisticsJobConfig config(KafkaTestBed kafka) {
        Configuration extra = new Configuration();
        extra.set(ItemStatisticsJobOptions.MAX_NEIGHBORS, MAX_NEIGHBORS);
        extra.set(ItemStatisticsJobOptions.PUBLISHED_NEIGHBORS, MAX_NEIGHBORS);
        extra.set(ItemStatisticsJobOptions.MAX_FOLLOWERS, MAX_NEIGHBORS);
        extra.set(ItemStatisticsJobOptions.PUBLISHED_FOLLOWERS, MAX_NEIGHBORS);
        extra.set(ItemStatisticsJobOptions.TRENDING_WINDOW, WINDOW);
        extra.set(ItemStatisticsJobOptions.TRENDING_SLIDE, SLIDE);
        extra.set(ItemStatisticsJobOptions.TRENDING_TOP_N, 5);
        extra.set(ItemStatisticsJobOptions.MAX_FUTURE_SKEW, Duration.ofMinutes(5));
        return kafka.itemStatisticsConfig(extra);
    }

    private StreamExecutionEnvironment environment(
            ItemStatisticsJobConfig config, int parallelism, String savepoint) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        ItemStatisticsJob.configure(env, config);
        env.setParallelism(parallelism);
        return env;
    }

    private static ItemStatisticsJob job(ItemStatisticsJobConfig config, boolean fromLatest) {
        var events =
                UserStateKafka.source(
                        config.bootstrapServers(), config.eventsTopic(), config.groupId());
        if (fromLatest) {
            events.setStartingOffsets(OffsetsInitializer.latest());
        }
        return new ItemStatisticsJob(
                events.build(),
                ItemStatisticsKafka.itemsSource(config),
                ItemStatisticsKafka.neighborsSink(config),
                ItemStatisticsKafka.trendingSink(config),
                ItemStatisticsKafka.deadLetterSink(config),
                config);
    }

    private Item item(String id, String category) {
        categories.put(id, category);
        return Fixtures.item(id, category, 1f, 0f);
    }

    /** A visit, remembered for the expected results. */
    private ClickEvent visit(String user, String item, EventType type, Instant time) {
        ClickEvent e =
                ClickEvent.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setUserId(user)
                        .setType(type)
                        .setItemId(item)
                        .setEventTime(time)
                        .setReceivedTime(time)
                        .build();
        events.add(e);
        return e;
    }

    /** A pair of visits by {@code users} users: first then second, a minute apart. */
    private List<ClickEvent> pairs(String prefix, int users, String first, String second, int at) {
        List<ClickEvent> out = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            Instant time = START.plusSeconds(at + u);
            out.add(visit(prefix + u, first, EventType.VIEW, time));
            out.add(
                    visit(
                            prefix + u,
                            second,
                            u % 3 == 0 ? EventType.PURCHASE : EventType.VIEW,
                            time.plusSeconds(60)));
        }
        return out;
    }

    /** Starts the job and waits until it co-visits: the catalog, read first, is loaded by then. */
    private JobClient startAndWarmUp(
            KafkaTestBed kafka, ItemStatisticsJobConfig config, int parallelism) throws Exception {
        JobClient client = job(config, false).executeAsync(environment(config, parallelism, null));
        Instant old = START.minus(Duration.ofHours(1));
        kafka.produceEvents(
                List.of(
                        Fixtures.event("warm-up", EventType.VIEW, "warm-x", old),
                        Fixtures.event("warm-up", EventType.VIEW, "warm-y", old.plusSeconds(1))));
        kafka.awaitNeighbors(n -> n.containsKey("warm-x"), TIMEOUT);
        return client;
    }

    /** Pushes event time past the windows under test (idle partitions stop holding it). */
    private void closeWindows(KafkaTestBed kafka) {
        kafka.produceEvents(
                List.of(
                        Fixtures.event(
                                "clock", EventType.SEARCH, null, START.plus(Duration.ofHours(1)))));
    }

    /** perch-core's all-time popularity of the events under test, as the evaluator counts it. */
    private PopularityCounter expectedPopularity() {
        PopularityCounter counter = new PopularityCounter(1_000);
        events.forEach(e -> counter.add(e.getItemId(), VisitWeights.of(e.getType())));
        return counter;
    }

    private static boolean samePopularity(
            Map<String, ItemNeighbors> published, PopularityCounter expected, String... items) {
        for (String item : items) {
            if (!published.containsKey(item)
                    || published.get(item).getPopularity() != expected.count(item)) {
                return false;
            }
        }
        return true;
    }

    /** A published all-time list whose items and counts are {@code expected}. */
    private static java.util.Optional<TrendingItems> allTimeTop(
            Map<String, TrendingItems> published, List<ScoredId> expected) {
        return published.values().stream()
                .filter(t -> t.getScope().equals(CandidateSources.ALL_TIME))
                .filter(
                        t ->
                                t.getItems().stream()
                                        .map(i -> i.getItemId() + "=" + i.getScore())
                                        .toList()
                                        .equals(
                                                expected.stream()
                                                        .map(x -> x.itemId() + "=" + x.score())
                                                        .toList()))
                .findFirst();
    }

    private CoVisitationIndex expectedIndex(ItemStatisticsJobConfig config) {
        CoVisitationIndex index = new CoVisitationIndex(config.coVisitation());
        events.forEach(index::add);
        return index;
    }

    /** perch-core's trending list of {@code scope} for the window ending at {@code end}. */
    private List<ScoredId> expectedTrending(String scope, Instant end) {
        TrendingCounter counter = new TrendingCounter(new TrendingSettings(WINDOW, SLIDE, 5));
        for (ClickEvent e : events) {
            if (e.getEventTime().isBefore(end)) {
                counter.add(
                        e.getItemId(),
                        categories.get(e.getItemId()),
                        e.getEventTime().toEpochMilli(),
                        VisitWeights.of(e.getType()));
            }
        }
        counter.add("tick", null, end.toEpochMilli(), 1);
        return counter.top(scope, 5);
    }

    /**
     * Whether a published list already equals the expected one. Waiting on sizes or on the newest
     * event time is not enough: with two subtasks, a co-visit with an older event time can reach an
     * item's list after one with the newest, so a list can be published once more before it is
     * complete; the assertions then compare the same lists with their messages.
     */
    private static boolean sameNeighbors(ItemNeighbors actual, List<ScoredId> expected) {
        if (actual.getNeighbors().size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            ScoredItem a = actual.getNeighbors().get(i);
            if (!a.getItemId().equals(expected.get(i).itemId())
                    || Math.abs(a.getScore() - expected.get(i).score())
                            > 1e-8 * Math.max(1, Math.abs(expected.get(i).score()))) {
                return false;
            }
        }
        return true;
    }

    private static void assertSameNeighbors(ItemNeighbors actual, List<ScoredId> expected) {
        assertThat(actual.getNeighbors())
                .extracting(ScoredItem::getItemId)
                .containsExactlyElementsOf(expected.stream().map(ScoredId::itemId).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.getNeighbors().get(i).getScore())
                    .isCloseTo(expected.get(i).score(), Percentage.withPercentage(1e-6));
        }
    }

    private TransitionIndex expectedTransitions(ItemStatisticsJobConfig config) {
        TransitionIndex index = new TransitionIndex(config.transitions());
        events.forEach(index::add);
        return index;
    }

    private static void assertSameFollowers(ItemNeighbors actual, List<ScoredId> expected) {
        assertThat(actual.getFollowers())
                .extracting(ScoredItem::getItemId)
                .containsExactlyElementsOf(expected.stream().map(ScoredId::itemId).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.getFollowers().get(i).getScore())
                    .isCloseTo(expected.get(i).score(), Percentage.withPercentage(1e-6));
        }
    }

    private static void assertSameTrending(TrendingItems actual, List<ScoredId> expected) {
        assertThat(actual.getItems())
                .extracting(ScoredItem::getItemId, ScoredItem::getScore)
                .containsExactlyElementsOf(
                        expected.stream()
                                .map(
                                        s ->
                                                org.assertj.core.groups.Tuple.tuple(
                                                        s.itemId(), s.score()))
                                .toList());
    }

    private static String key(String scope, Instant end) {
        return scope + "@" + end.toEpochMilli();
    }

    @Test
    @DisplayName(
            "planted co-visits become top neighbours, neighbour lists stay bounded, trending"
                    + " lists match per category and globally, bad input is dead-lettered")
    void plantedStatistics() throws Exception {
        try (KafkaTestBed kafka = new KafkaTestBed(KAFKA.bootstrapServers(), "item-stats")) {
            ItemStatisticsJobConfig config = config(kafka);
            List<Item> items = new ArrayList<>();
            items.add(item("a", "Shoes"));
            items.add(item("b", "Shoes"));
            items.add(item("c", "Bags"));
            items.add(item("d", "Bags"));
            items.add(item("hub", "Hats"));
            for (int i = 0; i < 1_500; i++) {
                items.add(item("n-" + i, "Misc"));
            }
            kafka.produceItems(items);
            JobClient client = startAndWarmUp(kafka, config, 2);
            events.clear();

            kafka.produceRaw("u-garbage", "not avro".getBytes(StandardCharsets.UTF_8));
            kafka.produceRaw("u-empty", new byte[0]);
            ClickEvent future =
                    Fixtures.event(
                            "u-future",
                            EventType.VIEW,
                            "a",
                            Instant.now().plus(Duration.ofDays(1)));
            kafka.produceEvents(List.of(future, Fixtures.event(" ", EventType.VIEW, "a", START)));

            List<ClickEvent> stream = new ArrayList<>();
            stream.addAll(pairs("ab-", 30, "a", "b", 0));
            stream.addAll(pairs("ac-", 10, "a", "c", 40));
            stream.addAll(pairs("cd-", 12, "c", "d", 60));
            for (int i = 0; i < 1_500; i++) {
                stream.add(visit("h-" + i, "hub", EventType.VIEW, START.plusSeconds(100 + i / 5)));
                stream.add(
                        visit("h-" + i, "n-" + i, EventType.VIEW, START.plusSeconds(101 + i / 5)));
            }
            kafka.produceEvents(stream);
            closeWindows(kafka);

            CoVisitationIndex expected = expectedIndex(config);
            PopularityCounter popularity = expectedPopularity();
            Map<String, ItemNeighbors> neighbors =
                    kafka.awaitNeighbors(
                            n ->
                                    samePopularity(n, popularity, "a", "b", "c", "hub")
                                            && n.containsKey("a")
                                            && sameNeighbors(
                                                    n.get("a"),
                                                    expected.neighbors("a", MAX_NEIGHBORS))
                                            && n.containsKey("c")
                                            && sameNeighbors(
                                                    n.get("c"),
                                                    expected.neighbors("c", MAX_NEIGHBORS))
                                            // b and n-7 are asserted below; with two subtasks
                                            // their lists can come after hub's newest one
                                            && n.containsKey("b")
                                            && n.containsKey("n-7")
                                            && n.containsKey("hub")
                                            && n.get("hub")
                                                    .getUpdatedAt()
                                                    .equals(START.plusSeconds(101 + 1_499 / 5)),
                            TIMEOUT);
            Instant end = START.plus(WINDOW);
            Map<String, TrendingItems> trending =
                    kafka.awaitTrending(
                            t ->
                                    t.containsKey(key(CandidateSources.GLOBAL, end))
                                            && t.containsKey(key("Shoes", end))
                                            && t.containsKey(key("Bags", end))
                                            && t.containsKey(key("Misc", end))
                                            && allTimeTop(t, popularity.top(5)).isPresent(),
                            TIMEOUT);
            JobStops.cancelAndAwait(client);

            // the live popularity is the evaluator's: each item's all-time weighted count, and
            // the all-time list its top (hub's 1,500 views, then a, b with its purchases, c, d)
            for (String item : List.of("a", "b", "c", "hub")) {
                assertThat(neighbors.get(item).getPopularity())
                        .as("popularity of %s", item)
                        .isEqualTo(popularity.count(item));
            }
            assertThat(allTimeTop(trending, popularity.top(5)).orElseThrow().getItems())
                    .extracting(ScoredItem::getItemId)
                    .containsExactly("hub", "b", "a", "c", "d");

            assertSameNeighbors(neighbors.get("a"), expected.neighbors("a", MAX_NEIGHBORS));
            assertThat(neighbors.get("a").getNeighbors().get(0).getItemId()).isEqualTo("b");
            assertSameNeighbors(neighbors.get("c"), expected.neighbors("c", MAX_NEIGHBORS));
            TransitionIndex transitions = expectedTransitions(config);
            assertSameFollowers(neighbors.get("a"), transitions.followers("a", MAX_NEIGHBORS));
            assertSameFollowers(neighbors.get("c"), transitions.followers("c", MAX_NEIGHBORS));
            assertThat(neighbors.get("a").getFollowers())
                    .extracting(ScoredItem::getItemId)
                    .containsExactly("b", "c");
            assertThat(neighbors.get("b").getFollowers()).isEmpty(); // b follows a, never a b
            assertThat(neighbors.get("b").getNeighbors())
                    .extracting(ScoredItem::getItemId)
                    .contains("a"); // co-visitation stays symmetric
            assertThat(neighbors.get("hub").getFollowers()).hasSize(MAX_NEIGHBORS);
            assertThat(neighbors.get("hub").getNeighbors()).hasSize(MAX_NEIGHBORS);
            assertThat(neighbors.get("n-7").getNeighbors())
                    .extracting(ScoredItem::getItemId)
                    .containsExactly("hub");

            for (String scope : List.of(CandidateSources.GLOBAL, "Shoes", "Bags", "Misc")) {
                assertSameTrending(trending.get(key(scope, end)), expectedTrending(scope, end));
            }
            assertThat(trending.get(key("Shoes", end)).getItems())
                    .extracting(ScoredItem::getItemId)
                    .containsExactly("b", "a"); // b's purchases weigh 3 views

            Map<String, List<Long>> versions = new HashMap<>();
            kafka.neighborRecords()
                    .forEach(
                            n ->
                                    versions.computeIfAbsent(n.getItemId(), k -> new ArrayList<>())
                                            .add(n.getVersion()));
            versions.values().forEach(v -> assertThat(v).isSorted().doesNotHaveDuplicates());

            Map<String, Long> reasons =
                    kafka.deadLetters().stream()
                            .peek(
                                    d ->
                                            assertThat(d.getStage())
                                                    .isEqualTo(DeadLetters.ITEM_STATISTICS_STAGE))
                            .collect(
                                    Collectors.groupingBy(
                                            DeadLetter::getReason, Collectors.counting()));
            assertThat(reasons)
                    .containsEntry("UNDECODABLE", 1L)
                    .containsEntry("EMPTY", 1L)
                    .containsEntry("EVENT_IN_FUTURE", 1L)
                    .containsEntry("MISSING_USER_ID", 1L);
        }
    }

    @Test
    @DisplayName(
            "a savepoint taken at parallelism 1 restores at parallelism 2 with the same"
                    + " neighbours and trending lists")
    void savepointRescalesFromOneToTwo() throws Exception {
        try (KafkaTestBed kafka = new KafkaTestBed(KAFKA.bootstrapServers(), "stats-rescale")) {
            ItemStatisticsJobConfig config = config(kafka);
            kafka.produceItems(
                    List.of(
                            item("a", "Shoes"),
                            item("b", "Shoes"),
                            item("c", "Bags"),
                            item("d", "Bags")));
            JobClient first = startAndWarmUp(kafka, config, 1);
            events.clear();

            kafka.produceEvents(pairs("ab-", 20, "a", "b", 0));
            CoVisitationIndex half = expectedIndex(config);
            kafka.awaitNeighbors(
                    n ->
                            n.containsKey("a")
                                    && n.get("a").getNeighbors().get(0).getScore()
                                            >= half.neighbors("a", 1).get(0).score() * 0.999999,
                    TIMEOUT);
            String savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    checkpoints.resolve("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();

            JobClient second = job(config, true).executeAsync(environment(config, 2, savepoint));
            List<ClickEvent> rest = new ArrayList<>();
            rest.addAll(pairs("ac-", 8, "a", "c", 200));
            rest.addAll(pairs("ab2-", 5, "b", "a", 240));
            rest.addAll(pairs("cd-", 6, "c", "d", 300));
            kafka.produceEvents(rest);
            closeWindows(kafka);

            CoVisitationIndex expected = expectedIndex(config);
            Instant end = START.plus(WINDOW);
            Map<String, ItemNeighbors> neighbors =
                    kafka.awaitNeighbors(
                            n ->
                                    List.of("a", "b", "c", "d").stream()
                                            .allMatch(
                                                    i ->
                                                            n.containsKey(i)
                                                                    && sameNeighbors(
                                                                            n.get(i),
                                                                            expected.neighbors(
                                                                                    i,
                                                                                    MAX_NEIGHBORS))),
                            TIMEOUT);
            Map<String, TrendingItems> trending =
                    kafka.awaitTrending(
                            t ->
                                    t.containsKey(key(CandidateSources.GLOBAL, end))
                                            && t.containsKey(key("Shoes", end))
                                            && t.containsKey(key("Bags", end)),
                            TIMEOUT);
            JobStops.cancelAndAwait(second);

            for (String item : List.of("a", "b", "c", "d")) {
                assertSameNeighbors(neighbors.get(item), expected.neighbors(item, MAX_NEIGHBORS));
            }
            for (String scope : List.of(CandidateSources.GLOBAL, "Shoes", "Bags")) {
                assertSameTrending(trending.get(key(scope, end)), expectedTrending(scope, end));
            }
        }
    }

    @Test
    @DisplayName(
            "a forget request clears the user's pair and step windows: visits after it pair only"
                    + " with each other, and a visit of the forgotten history arriving late is"
                    + " dropped")
    void forgetClearsTheUsersWindows() throws Exception {
        try (KafkaTestBed kafka = new KafkaTestBed(KAFKA.bootstrapServers(), "stats-forget")) {
            ItemStatisticsJobConfig config = config(kafka);
            kafka.produceItems(
                    List.of(
                            item("a", "Shoes"),
                            item("b", "Shoes"),
                            item("c", "Bags"),
                            item("d", "Bags"),
                            item("e", "Hats")));
            JobClient client = startAndWarmUp(kafka, config, 2);
            JobID job = client.getJobID();

            // the history to forget: a then b, now in the user's windows
            kafka.produceEvents(
                    List.of(
                            visit("f", "a", EventType.VIEW, START),
                            visit("f", "b", EventType.VIEW, START.plusSeconds(60))));
            kafka.awaitNeighbors(
                    n ->
                            n.containsKey("b")
                                    && n.containsKey("a")
                                    && !n.get("a").getFollowers().isEmpty(),
                    TIMEOUT);

            kafka.produceRaw("f", null);
            // the per-user operator (pair signals: both windows) took the request
            awaitCount(job, "usersForgotten", 1);

            Instant afterForget = Instant.now().plusSeconds(60);
            kafka.produceEvents(
                    List.of(
                            // reached Perch before the request: part of the forgotten history
                            visit("f", "e", EventType.VIEW, START.plusSeconds(120)),
                            receivedAt(
                                    visit("f", "c", EventType.VIEW, START.plusSeconds(180)),
                                    afterForget),
                            receivedAt(
                                    visit("f", "d", EventType.VIEW, START.plusSeconds(240)),
                                    afterForget.plusSeconds(1))));
            Map<String, ItemNeighbors> neighbors =
                    kafka.awaitNeighbors(
                            n ->
                                    n.containsKey("c")
                                            && n.containsKey("d")
                                            && !n.get("c").getFollowers().isEmpty(),
                            TIMEOUT);
            long dropped = count(job, "eventsOfForgottenHistory");
            JobStops.cancelAndAwait(client);

            assertThat(neighbors.get("c").getNeighbors())
                    .extracting(ScoredItem::getItemId)
                    .containsExactly("d");
            assertThat(neighbors.get("d").getNeighbors())
                    .extracting(ScoredItem::getItemId)
                    .containsExactly("c");
            assertThat(neighbors.get("c").getFollowers())
                    .extracting(ScoredItem::getItemId)
                    .containsExactly("d");
            // e's visit still counts in its all-time popularity (an aggregate that names no
            // user), so e may have a record; it pairs with nothing
            ItemNeighbors e = neighbors.get("e");
            assertThat(e == null ? List.<ScoredItem>of() : e.getNeighbors())
                    .as("e, of the forgotten history, has no neighbour")
                    .isEmpty();
            assertThat(e == null ? List.<ScoredItem>of() : e.getFollowers())
                    .as("e, of the forgotten history, has no follower")
                    .isEmpty();
            for (ItemNeighbors record : kafka.neighborRecords()) {
                List<String> named = new ArrayList<>();
                record.getNeighbors().forEach(s -> named.add(s.getItemId()));
                record.getFollowers().forEach(s -> named.add(s.getItemId()));
                boolean before = List.of("a", "b").contains(record.getItemId());
                assertThat(named)
                        .as("%s never pairs across the forget request", record.getItemId())
                        .doesNotContainAnyElementsOf(
                                before ? List.of("c", "d", "e") : List.of("a", "b", "e"));
            }
            assertThat(dropped).as("e, dropped by the per-user operator").isEqualTo(1);
        }
    }

    private static ClickEvent receivedAt(ClickEvent event, Instant received) {
        event.setReceivedTime(received);
        return event;
    }

    /** The sum of the counters named {@code name} of this job's operators. */
    private static long count(JobID job, String name) {
        long sum = 0;
        for (var group : METRICS.getMetricsByGroup().entrySet()) {
            if (!job.toString().equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            if (group.getValue().get(name) instanceof Counter counter) {
                sum += counter.getCount();
            }
        }
        return sum;
    }

    private static void awaitCount(JobID job, String name, long expected) {
        Awaitility.await(name)
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> count(job, name), n -> n >= expected);
        assertThat(count(job, name)).isEqualTo(expected);
    }

    /** The event time of the newest co-visit of {@code item} in the expected events. */
    private Instant newest(String item) {
        Map<String, List<ClickEvent>> byUser =
                events.stream().collect(Collectors.groupingBy(ClickEvent::getUserId));
        Instant newest = Instant.EPOCH;
        for (List<ClickEvent> visits : byUser.values()) {
            if (visits.size() >= 2 && visits.stream().anyMatch(e -> e.getItemId().equals(item))) {
                Instant last = visits.get(visits.size() - 1).getEventTime();
                newest = last.isAfter(newest) ? last : newest;
            }
        }
        return newest.truncatedTo(ChronoUnit.MILLIS);
    }
}
