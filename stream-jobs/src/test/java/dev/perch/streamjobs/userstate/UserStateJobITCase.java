package dev.perch.streamjobs.userstate;

import static dev.perch.streamjobs.userstate.StateAssertions.assertSameStates;
import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.UserProfile;
import dev.perch.core.UserStateUpdater;
import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.UserState;
import dev.perch.kafka.KafkaBrokerExtension;
import dev.perch.streamjobs.GeneratedShop;
import dev.perch.streamjobs.JobStops;
import dev.perch.streamjobs.KafkaTestBed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user-state job on a Flink MiniCluster (parallelism 2, RocksDB) against a real Kafka broker:
 * each user's final state must equal the shared update rule applied directly to the same events,
 * through a rescale from a savepoint and through a lost task manager as well.
 */
class UserStateJobITCase {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path checkpoints;

    private StreamExecutionEnvironment environment(
            UserStateJobConfig config, int parallelism, String savepoint) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        UserStateJob.configure(env, config);
        env.setParallelism(parallelism);
        return env;
    }

    private static UserStateJob job(UserStateJobConfig config, boolean bounded) {
        return job(config, bounded, false);
    }

    /**
     * The job on the test's topics; {@code fromLatest} starts the events at the end of the topic
     * unless a savepoint says otherwise, so a restore that lost its state cannot pass unnoticed.
     */
    private static UserStateJob job(
            UserStateJobConfig config, boolean bounded, boolean fromLatest) {
        var events = UserStateKafka.source(config, config.eventsTopic(), config.groupId());
        if (fromLatest) {
            events.setStartingOffsets(OffsetsInitializer.latest());
        }
        var items =
                UserStateKafka.source(config, config.itemsTopic(), config.groupId() + "-catalog")
                        .setStartingOffsets(OffsetsInitializer.earliest());
        if (bounded) {
            events.setBounded(OffsetsInitializer.latest());
            items.setBounded(OffsetsInitializer.latest());
        }
        return new UserStateJob(
                events.build(),
                items.build(),
                UserStateKafka.userStateSink(config),
                UserStateKafka.deadLetterSink(config),
                config);
    }

    private static Map<String, UserState> expectedStates(
            GeneratedShop shop, UserStateJobConfig config) {
        Map<String, UserProfile> profiles =
                shop.expectedProfiles(new UserStateUpdater(config.updateRule()));
        Map<String, UserState> states = new LinkedHashMap<>();
        profiles.forEach((user, p) -> states.put(user, p.state()));
        return states;
    }

    /**
     * Whether every user's state has taken in all the events of its target. The version's event
     * time alone is not enough: events from different partitions arrive in any order, so the latest
     * event of a user can be processed while earlier ones (on a partition replayed after a
     * failover) are still on their way; the event counts say that all of them arrived.
     */
    private static boolean reached(Map<String, UserState> actual, Map<String, UserState> target) {
        return target.entrySet().stream()
                .allMatch(
                        e -> {
                            UserState state = actual.get(e.getKey());
                            return state != null
                                    && !dev.perch.core.StateVersions.eventTimeOf(state.getVersion())
                                            .isBefore(
                                                    dev.perch.core.StateVersions.eventTimeOf(
                                                            e.getValue().getVersion()))
                                    && state.getEventCounts().equals(e.getValue().getEventCounts());
                        });
    }

    @Test
    @DisplayName(
            "a forget request on perch.events writes a tombstone for the user to perch.user-state;"
                    + " nothing of the earlier history follows it, the next event starts a fresh"
                    + " state at its own event-time version, and other users are untouched")
    void forgetRequestTombstonesTheUser() throws Exception {
        GeneratedShop shop = GeneratedShop.generate(3, 10, 5, 150);
        try (KafkaTestBed kafka = new KafkaTestBed(KAFKA.bootstrapServers(), "forget")) {
            UserStateJobConfig config = kafka.config(new Configuration());
            kafka.produceItems(shop.items());
            kafka.produceEvents(shop.events());
            ClickEvent last = shop.events().get(shop.events().size() - 1);
            String gone = last.getUserId();
            kafka.produceRaw(gone, null);
            ClickEvent later =
                    ClickEvent.newBuilder(last)
                            .setEventId(java.util.UUID.randomUUID().toString())
                            .setEventTime(last.getEventTime().plusSeconds(1))
                            .setReceivedTime(java.time.Instant.now().plusSeconds(60))
                            .build();
            kafka.produceEvents(List.of(later));

            job(config, true).execute(environment(config, 2, null));

            List<Map.Entry<String, UserState>> records = kafka.userStateRecords();
            List<UserState> ofGone =
                    records.stream()
                            .filter(r -> r.getKey().equals(gone))
                            .map(Map.Entry::getValue)
                            .toList();
            int tombstone = ofGone.indexOf(null);
            assertThat(tombstone).as("a tombstone for %s", gone).isNotNegative();
            List<UserState> afterwards = ofGone.subList(tombstone + 1, ofGone.size());
            assertThat(afterwards)
                    .as("only the fresh state follows the tombstone")
                    .extracting(UserState::getVersion, UserState::getLastEventId)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    dev.perch.core.StateVersions.next(0, later.getEventTime()),
                                    later.getEventId()));
            assertThat(records)
                    .as("the other users")
                    .filteredOn(r -> !r.getKey().equals(gone))
                    .isNotEmpty()
                    .allMatch(r -> r.getValue() != null);
        }
    }

    @Test
    @DisplayName("a replayed stream leaves every user in the state the shared rule computes")
    void replayMatchesTheSharedRule() throws Exception {
        GeneratedShop shop = GeneratedShop.generate(1, 40, 25, 1_200);
        try (KafkaTestBed kafka = new KafkaTestBed(KAFKA.bootstrapServers(), "replay")) {
            UserStateJobConfig config = kafka.config(new Configuration());
            kafka.produceItems(shop.items());
            kafka.produceEvents(shop.events());

            job(config, true).execute(environment(config, 2, null));

            Map<String, UserState> expected = expectedStates(shop, config);
            Map<String, UserState> actual =
                    kafka.awaitUserStates(states -> reached(states, expected), TIMEOUT);
            assertSameStates(actual, expected);
            assertThat(kafka.deadLetters()).isEmpty();
        }
    }

    @Test
    @DisplayName(
            "a savepoint taken at parallelism 1 restores at parallelism 2 with the same states")
    void savepointRescalesFromOneToTwo() throws Exception {
        GeneratedShop shop = GeneratedShop.generate(2, 40, 25, 1_000);
        List<ClickEvent> firstHalf = shop.events().subList(0, 500);
        List<ClickEvent> secondHalf = shop.events().subList(500, 1_000);
        try (KafkaTestBed kafka = new KafkaTestBed(KAFKA.bootstrapServers(), "rescale")) {
            UserStateJobConfig config = kafka.config(new Configuration());
            kafka.produceItems(shop.items());
            kafka.produceEvents(firstHalf);

            JobClient first = job(config, false).executeAsync(environment(config, 1, null));
            Map<String, UserState> afterFirstHalf =
                    expectedStates(new GeneratedShop(shop.items(), firstHalf), config);
            kafka.awaitUserStates(states -> reached(states, afterFirstHalf), TIMEOUT);
            String savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    checkpoints.resolve("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();

            JobClient second =
                    job(config, false, true).executeAsync(environment(config, 2, savepoint));
            kafka.produceEvents(secondHalf);
            Map<String, UserState> expected = expectedStates(shop, config);
            Map<String, UserState> actual =
                    kafka.awaitUserStates(states -> reached(states, expected), TIMEOUT);
            JobStops.cancelAndAwait(second);

            assertSameStates(actual, expected);
        }
    }

    @Test
    @DisplayName("losing the task manager mid-stream restores from a checkpoint to the same states")
    void taskManagerLossRecovers(@InjectMiniCluster MiniCluster cluster) throws Exception {
        GeneratedShop shop = GeneratedShop.generate(3, 40, 25, 1_000);
        try (KafkaTestBed kafka = new KafkaTestBed(KAFKA.bootstrapServers(), "failover")) {
            UserStateJobConfig config = kafka.config(new Configuration());
            kafka.produceItems(shop.items());
            kafka.produceEvents(shop.events().subList(0, 500));

            JobClient client = job(config, false).executeAsync(environment(config, 2, null));
            JobID id = client.getJobID();
            CommonTestUtils.waitForCheckpoint(id, cluster, 1);
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            kafka.produceEvents(shop.events().subList(500, 1_000));

            Map<String, UserState> expected = expectedStates(shop, config);
            Map<String, UserState> actual =
                    kafka.awaitUserStates(states -> reached(states, expected), TIMEOUT);
            JobStops.cancelAndAwait(client);

            assertSameStates(actual, expected);
        }
    }

    @Test
    @DisplayName("bad and hostile input becomes dead letters with reasons; the job keeps running")
    void badInputBecomesDeadLetters() throws Exception {
        GeneratedShop shop = GeneratedShop.generate(4, 20, 5, 100);
        try (KafkaTestBed kafka = new KafkaTestBed(KAFKA.bootstrapServers(), "bad-input")) {
            Configuration extra = new Configuration();
            extra.set(UserStateJobOptions.MAX_EVENTS_PER_USER_PER_MINUTE, 50);
            extra.set(UserStateJobOptions.CATALOG_WAIT, Duration.ZERO);
            UserStateJobConfig config = kafka.config(extra);
            kafka.produceItems(shop.items());
            kafka.produceEvents(shop.events());

            kafka.produceRaw("u-garbage", "not avro at all".getBytes(StandardCharsets.UTF_8));
            kafka.produceRaw("u-empty", new byte[0]);
            ClickEvent template =
                    shop.events().stream().filter(e -> e.getItemId() != null).findFirst().get();
            kafka.produceEvents(
                    List.of(
                            copy(template).setUserId("").build(),
                            copy(template)
                                    .setEventTime(java.time.Instant.now().plus(Duration.ofDays(1)))
                                    .build(),
                            copy(template)
                                    .setEventTime(GeneratedShop.START.minus(Duration.ofDays(30)))
                                    .build(),
                            ClickEvent.newBuilder(template).build()));
            List<ClickEvent> flood = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                flood.add(
                        copy(template)
                                .setUserId("bot")
                                .setEventTime(GeneratedShop.START.plusMillis(i))
                                .build());
            }
            kafka.produceEvents(flood);
            kafka.produceEvents(
                    List.of(
                            copy(template)
                                    .setUserId("late-comer")
                                    .setItemId("not-in-catalog")
                                    .build()));

            job(config, true).execute(environment(config, 2, null));

            Map<String, Long> reasons =
                    kafka.deadLetters().stream()
                            .collect(
                                    Collectors.groupingBy(
                                            DeadLetter::getReason, Collectors.counting()));
            assertThat(reasons)
                    .containsEntry("UNDECODABLE", 1L)
                    .containsEntry("EMPTY", 1L)
                    .containsEntry("MISSING_USER_ID", 1L)
                    .containsEntry("EVENT_IN_FUTURE", 1L)
                    .containsEntry("EVENT_TOO_OLD", 1L)
                    .containsEntry("DUPLICATE", 1L)
                    .containsEntry("RATE_LIMITED", 250L);
            Map<String, UserState> states =
                    kafka.awaitUserStates(s -> s.containsKey("late-comer"), TIMEOUT);
            assertThat(
                            states.get("bot").getEventCounts().values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum())
                    .isEqualTo(50L);
            assertThat(states.get("late-comer").getVector()).isEmpty();
            assertThat(states.get("late-comer").getEventCounts()).isNotEmpty();
        }
    }

    private static ClickEvent.Builder copy(ClickEvent e) {
        return ClickEvent.newBuilder(e).setEventId(UUID.randomUUID().toString());
    }
}
