package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.StateVersions;
import dev.perch.events.DeadLetter;
import dev.perch.events.Recommendations;
import dev.perch.events.Topics;
import dev.perch.events.UserState;
import dev.perch.events.serde.AvroCodec;
import dev.perch.events.serde.PerchSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The micro-batch topology alone (TopologyTestDriver): coalescing, batching, version guard. */
class MicroBatchProcessorTest {
    private static final Duration INTERVAL = Duration.ofMillis(20);

    /** The test driver's wall clock at the start. */
    private static final Instant START = Instant.parse("2026-12-05T06:00:00Z");

    /** The test driver's wall clock now. */
    private Instant now = START;

    @TempDir Path stateDir;

    private final TestingShop.CountingScorer scorer = new TestingShop.CountingScorer("m1");
    private TopologyTestDriver driver;
    private TestInputTopic<String, UserState> states;
    private TestOutputTopic<String, Recommendations> lists;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private TestInputTopic<byte[], byte[]> rawStates;

    private final ModelServerMetrics metrics = new ModelServerMetrics();

    private void start(int maxBatch) {
        start(MicroBatchProcessor.Batching.of(INTERVAL, maxBatch));
    }

    private void start(MicroBatchProcessor.Batching batching) {
        LiveRecommender live = new LiveRecommender(new TestingShop().recommender(scorer));
        BatchRecommender batches = new BatchRecommender(live, 5, Clock.systemUTC(), metrics);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "micro-batch-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterHandlers.Deserialization.class);
        props.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterHandlers.Processing.class);
        props.put(DeadLetterHandlers.METRICS_CONFIG, metrics);
        driver =
                new TopologyTestDriver(
                        RecommendationTopology.build(
                                batches,
                                new RecommendationListeners(),
                                metrics,
                                batching,
                                () -> now),
                        props,
                        START);
        states =
                driver.createInputTopic(
                        Topics.USER_STATE,
                        Serdes.String().serializer(),
                        PerchSerdes.serializer(UserState.class));
        lists =
                driver.createOutputTopic(
                        Topics.RECOMMENDATIONS,
                        Serdes.String().deserializer(),
                        PerchSerdes.deserializer(Recommendations.class));
        deadLetters =
                driver.createOutputTopic(
                        Topics.DEAD_LETTER,
                        Serdes.String().deserializer(),
                        PerchSerdes.deserializer(DeadLetter.class));
        rawStates =
                driver.createInputTopic(
                        Topics.USER_STATE,
                        Serdes.ByteArray().serializer(),
                        Serdes.ByteArray().serializer());
    }

    @Test
    @DisplayName("a task looks for its tick every eighth of the interval, at least every 1 ms")
    void givenAnInterval_thenTheTickCheckIsAnEighthOfIt() {
        assertThat(MicroBatchProcessor.Batching.of(INTERVAL, 256).checkEvery())
                .isEqualTo(Duration.ofMillis(2));
        assertThat(MicroBatchProcessor.Batching.of(Duration.ofMillis(5), 256).checkEvery())
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    @DisplayName(
            "a user whose scoring fails is split off its batch: the others get their lists, it"
                    + " becomes a SCORING_FAILED dead letter, and its next state is tried again")
    void givenOneUnscorableUser_whenTheBatchRuns_thenTheOthersStillGetLists() {
        start(256);
        send("u1", 1);
        states.pipeInput("bad", TestingShop.poisoned("bad"));
        send("u2", 1);
        send("u3", 1);

        driver.advanceWallClockTime(INTERVAL);

        assertThat(lists.readRecordsToList())
                .extracting(TestRecord::key)
                .containsExactlyInAnyOrder("u1", "u2", "u3");
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).hasSize(1);
        DeadLetter letter = letters.get(0);
        assertThat(letter.getReason()).isEqualTo("SCORING_FAILED");
        assertThat(letter.getStage()).isEqualTo("model-server");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.USER_STATE);
        assertThat(letter.getSourceOffset()).isEqualTo(1L);
        assertThat(letter.getDetail()).contains("bad").contains("corrupt");
        assertThat(
                        AvroCodec.of(UserState.class)
                                .decode(bytes(letter.getOriginalBytes()))
                                .getUserId())
                .isEqualTo("bad");
        assertThat(metrics.bufferedUsers()).isZero();
        assertThat(metrics.deadLetters()).isEqualTo(1.0);

        send("bad", 2);
        driver.advanceWallClockTime(INTERVAL);
        assertThat(lists.readRecordsToList()).extracting(TestRecord::key).containsExactly("bad");
    }

    @Test
    @DisplayName(
            "undecodable bytes on perch.user-state become an UNDECODABLE dead letter with the"
                    + " original bytes and offset, and the next state is still scored")
    void givenGarbageBytes_whenRead_thenDeadLetterAndTheStreamGoesOn() {
        start(256);
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        rawStates.pipeInput("u9".getBytes(StandardCharsets.UTF_8), garbage);
        send("u1", 1);
        driver.advanceWallClockTime(INTERVAL);

        assertThat(lists.readRecordsToList()).extracting(TestRecord::key).containsExactly("u1");
        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).isEqualTo("UNDECODABLE");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.USER_STATE);
        assertThat(letter.getSourceOffset()).isEqualTo(0L);
        assertThat(bytes(letter.getOriginalBytes())).isEqualTo(garbage);
        assertThat(bytes(letter.getOriginalKey())).isEqualTo("u9".getBytes(StandardCharsets.UTF_8));
        assertThat(metrics.deadLetters()).isEqualTo(1.0);
    }

    @Test
    @DisplayName(
            "a state rebuilt after state loss (TTL expiry, restart without savepoint) replaces the"
                    + " list of the lost state: its event-time version is above the lost counter")
    void givenLostState_whenRebuiltFromALaterEvent_thenTheListChanges() {
        start(256);
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        long lost = StateVersions.next(0, t) + 400; // 400 events within the same millisecond
        send("u1", lost);
        driver.advanceWallClockTime(INTERVAL);
        assertThat(lists.readRecordsToList()).hasSize(1);

        long rebuilt = StateVersions.next(0, t.plusMillis(1)); // a fresh state, one event later
        send("u1", rebuilt);
        driver.advanceWallClockTime(INTERVAL);

        assertThat(lists.readRecordsToList())
                .extracting(r -> r.value().getUserStateVersion())
                .containsExactly(rebuilt);
        assertThat(metrics.bufferedUsers()).isZero();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    private void send(String user, long version) {
        states.pipeInput(user, TestingShop.state(user, version));
    }

    @Test
    @DisplayName(
            "the stores hold the bytes as they travel: a state as read from perch.user-state, a"
                    + " list as sent on perch.recommendations (nothing is encoded twice)")
    void givenAState_whenScored_thenTheStoresHoldTheBytesAsTheyTravel() {
        start(256);
        byte[] state = AvroCodec.of(UserState.class).encode(TestingShop.state("u1", 5));
        rawStates.pipeInput("u1".getBytes(StandardCharsets.UTF_8), state);
        driver.advanceWallClockTime(INTERVAL);

        TestOutputTopic<String, byte[]> sent =
                driver.createOutputTopic(
                        Topics.RECOMMENDATIONS,
                        Serdes.String().deserializer(),
                        Serdes.ByteArray().deserializer());
        byte[] list = sent.readValue();
        assertThat(AvroCodec.of(Recommendations.class).decode(list).getUserStateVersion())
                .isEqualTo(5L);
        assertThat(
                        driver.<String, byte[]>getKeyValueStore(
                                        RecommendationTopology.RECOMMENDATIONS_STORE)
                                .get("u1"))
                .isEqualTo(list);
        assertThat(
                        driver.<String, byte[]>getKeyValueStore(
                                        RecommendationTopology.USER_STATE_STORE)
                                .get("u1"))
                .isEqualTo(state);
    }

    @Test
    @DisplayName(
            "perch.user-state is latest-user-states' changelog: the store follows the topic's"
                    + " newest record per user (a stale one too, as compaction keeps it) and no"
                    + " state is written to a changelog of its own; the lists' store has one")
    void givenStates_whenRead_thenTheUserStateStoreWritesNoChangelog() {
        start(256);
        send("u1", 5);
        driver.advanceWallClockTime(INTERVAL);
        send("u1", 3); // stale: not scored, but the topic's newest record for u1
        driver.advanceWallClockTime(INTERVAL);

        assertThat(lists.readValuesToList())
                .extracting(Recommendations::getUserStateVersion)
                .containsExactly(5L);
        byte[] stored =
                driver.<String, byte[]>getKeyValueStore(RecommendationTopology.USER_STATE_STORE)
                        .get("u1");
        assertThat(AvroCodec.of(UserState.class).decode(stored).getVersion()).isEqualTo(3L);
        assertThat(driver.producedTopicNames())
                .contains("micro-batch-test-latest-recommendations-changelog")
                .doesNotContain("micro-batch-test-latest-user-states-changelog");
    }

    @Test
    @DisplayName("only the newest buffered state of a user is scored, all users in one model call")
    void givenThreeStatesOfOneUser_whenTheBatchRuns_thenOnlyTheNewestIsScored() {
        start(256);
        send("u1", 1);
        send("u1", 2);
        send("u2", 1);
        send("u1", 3);
        assertThat(lists.isEmpty()).isTrue();
        assertThat(metrics.bufferedUsers()).isEqualTo(2);

        driver.advanceWallClockTime(INTERVAL);

        List<TestRecord<String, Recommendations>> out = lists.readRecordsToList();
        assertThat(out).hasSize(2);
        assertThat(out)
                .extracting(r -> r.key() + "@" + r.value().getUserStateVersion())
                .containsExactlyInAnyOrder("u1@3", "u2@1");
        assertThat(scorer.calls.get()).isEqualTo(1);
        assertThat(metrics.bufferedUsers()).isZero();
        assertThat(metrics.publishedCount()).isEqualTo(2.0);
        assertThat(out.get(0).value().getModelVersion()).isEqualTo("m1");
        assertThat(out.get(0).value().getItems()).hasSize(5);
    }

    @Test
    @DisplayName(
            "a task that starts (restart, move) finds waiting exactly the users whose newest"
                    + " state is above their published list: the in-memory buffer loses nothing"
                    + " whose offset was committed")
    void givenStoresAfterRestart_whenTheTaskStarts_thenUnscoredUsersAreWaiting() {
        Map<String, Long> published = Map.of("scored", 4L, "behind", 2L);
        List<KeyValue<String, UserState>> newest =
                List.of(
                        KeyValue.pair("scored", TestingShop.state("scored", 4)),
                        KeyValue.pair("behind", TestingShop.state("behind", 3)),
                        KeyValue.pair("never-scored", TestingShop.state("never-scored", 1)));

        Map<String, UserState> waiting =
                MicroBatchProcessor.waiting(
                        newest.iterator(), user -> published.getOrDefault(user, VersionGuard.NONE));

        assertThat(waiting).containsOnlyKeys("behind", "never-scored");
        assertThat(waiting.get("behind").getVersion()).isEqualTo(3);
    }

    @Test
    @DisplayName("a batch runs at once when the buffer holds maxBatch users")
    void givenMaxBatchUsers_whenTheLastArrives_thenTheBatchRunsWithoutWaiting() {
        start(3);
        send("u1", 1);
        send("u2", 1);
        assertThat(lists.isEmpty()).isTrue();
        send("u3", 1);

        assertThat(lists.readRecordsToList()).hasSize(3);
        assertThat(scorer.calls.get()).isEqualTo(1);
    }

    /** Moves the driver's wall clock and the processor's clock together. */
    private void advance(Duration by) {
        now = now.plus(by);
        driver.advanceWallClockTime(by);
    }

    private static final MicroBatchProcessor.Batching CATCH_UP =
            new MicroBatchProcessor.Batching(INTERVAL, 2, Duration.ofMillis(500), 4);

    /**
     * A state of {@code user} stamped by the user-state job {@code ago} before the test's clock.
     */
    private void sendAged(String user, long version, Duration ago) {
        states.pipeInput(
                user,
                UserState.newBuilder(TestingShop.state(user, version))
                        .setUpdatedAt(now.minus(ago))
                        .build());
    }

    @Test
    @DisplayName(
            "while the instance keeps up (states fresh), a batch runs at maxBatch users as"
                    + " without catching up")
    void givenFreshStates_whenMaxBatchUsersArrive_thenTheBatchRunsAtOnce() {
        start(CATCH_UP);
        sendAged("u1", 1, Duration.ofMillis(10));
        sendAged("u2", 1, Duration.ofMillis(10));

        assertThat(lists.readRecordsToList()).hasSize(2);
        assertThat(scorer.calls.get()).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "behind (states that waited over catchUpAfter), the buffer is scored only at"
                    + " catchUpBatch users, so a user's later state in the backlog replaces the"
                    + " buffered one and only the newest is scored, still maxBatch users per call")
    void givenStatesBehind_whenTheBacklogIsRead_thenLaterStatesReplaceBufferedOnes() {
        start(CATCH_UP);
        Duration behind = Duration.ofSeconds(3);
        sendAged("u1", 1, behind);
        sendAged("u2", 1, behind);
        sendAged("u1", 2, behind);
        sendAged("u3", 1, behind);
        assertThat(lists.isEmpty()).as("3 users buffered, under catchUpBatch").isTrue();

        sendAged("u4", 1, behind);

        assertThat(lists.readRecordsToList())
                .extracting(r -> r.key() + "@" + r.value().getUserStateVersion())
                .containsExactly("u1@2", "u2@1", "u3@1", "u4@1");
        assertThat(scorer.calls.get()).as("two calls of maxBatch users").isEqualTo(2);
        assertThat(metrics.coalescedCount()).isEqualTo(1.0);
        assertThat(metrics.bufferedUsers()).isZero();
    }

    @Test
    @DisplayName(
            "behind, the interval's tick waits while states still flow in, and scores the buffer"
                    + " once the input is drained")
    void givenStatesBehind_whenTheInputDrains_thenTheNextTickScoresTheBuffer() {
        start(CATCH_UP);
        sendAged("u1", 1, Duration.ofSeconds(3));

        advance(INTERVAL);
        assertThat(lists.isEmpty()).as("a state was read since the last tick").isTrue();

        advance(INTERVAL);
        assertThat(lists.readRecordsToList()).extracting(TestRecord::key).containsExactly("u1");
    }

    @Test
    @DisplayName(
            "behind, with states still flowing in, no user waits in the buffer much longer than"
                    + " catchUpAfter")
    void givenStatesBehindAndFlowing_whenCatchUpAfterPasses_thenTheBufferIsScored() {
        start(CATCH_UP);
        Instant firstList = null;
        for (int tick = 0; tick < 40 && firstList == null; tick++) {
            sendAged("u" + (tick % 3), tick + 1, Duration.ofSeconds(3));
            advance(INTERVAL);
            if (!lists.isEmpty()) {
                firstList = now;
            }
        }

        assertThat(firstList).as("a list within 40 ticks").isNotNull();
        assertThat(Duration.between(START, firstList))
                .isBetween(Duration.ofMillis(500), Duration.ofMillis(500).plus(INTERVAL));
        assertThat(lists.readRecordsToList()).hasSize(3);
    }

    @Test
    @DisplayName("a state not newer than the published list is dropped: a user never moves back")
    void givenPublishedVersion_whenAnOlderStateArrives_thenNothingIsPublished() {
        start(256);
        send("u1", 5);
        driver.advanceWallClockTime(INTERVAL);
        assertThat(lists.readValuesToList()).hasSize(1);

        send("u1", 3);
        send("u1", 5);
        driver.advanceWallClockTime(INTERVAL);
        assertThat(lists.isEmpty()).isTrue();

        send("u1", 6);
        driver.advanceWallClockTime(INTERVAL);
        assertThat(lists.readValuesToList())
                .extracting(Recommendations::getUserStateVersion)
                .containsExactly(6L);
        byte[] stored =
                driver.<String, byte[]>getKeyValueStore(
                                RecommendationTopology.RECOMMENDATIONS_STORE)
                        .get("u1");
        assertThat(AvroCodec.of(Recommendations.class).decode(stored).getUserStateVersion())
                .as("the store holds the list's bytes as sent")
                .isEqualTo(6L);
    }

    @Test
    @DisplayName(
            "a user-state tombstone (a forgotten user) empties every store of the user, sends a"
                + " recommendations tombstone, and a fresh state from version 1 is scored again")
    void givenForgottenUser_whenTombstoneArrives_thenStoresEmptiedAndTombstonePassedOn() {
        start(256);
        send("u1", 5);
        driver.advanceWallClockTime(INTERVAL);
        send("u2", 1);
        send("u1", 6); // buffered, not yet scored
        assertThat(lists.readValuesToList()).hasSize(1);

        states.pipeInput("u1", null);

        List<TestRecord<String, Recommendations>> out = lists.readRecordsToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key()).isEqualTo("u1");
        assertThat(out.get(0).value()).as("a tombstone").isNull();
        assertThat(deadLetters.readRecordsToList())
                .as("the tombstone goes to perch.recommendations only, not to the dead letters")
                .isEmpty();
        for (String store :
                List.of(
                        RecommendationTopology.USER_STATE_STORE,
                        RecommendationTopology.RECOMMENDATIONS_STORE)) {
            assertThat(driver.getKeyValueStore(store).get("u1")).as(store).isNull();
        }
        assertThat(metrics.bufferedUsers()).as("u2 only").isEqualTo(1);

        send("u1", 1);
        driver.advanceWallClockTime(INTERVAL);
        assertThat(lists.readRecordsToList())
                .extracting(r -> r.key() + "@" + r.value().getUserStateVersion())
                .containsExactlyInAnyOrder("u1@1", "u2@1");
    }

    @Test
    @DisplayName(
            "a published list records its click-to-recommendation latency when its event carries"
                    + " a received time (the PrometheusRule's p99 alert reads it)")
    void givenReceivedTime_whenPublished_thenClickToRecommendationIsRecorded() {
        start(256);
        UserState fromCollector =
                UserState.newBuilder(TestingShop.state("u1", 1))
                        .setLastEventReceivedTime(Instant.now().minusMillis(50))
                        .build();
        states.pipeInput("u1", fromCollector);
        send("u2", 1); // written straight to Kafka: no received time, nothing to measure
        driver.advanceWallClockTime(INTERVAL);

        assertThat(lists.readRecordsToList()).hasSize(2);
        assertThat(metrics.clickToRecommendationCount()).isEqualTo(1);
        assertThat(metrics.scrape()).contains("perch_click_to_recommendation_seconds_bucket");
    }
}
