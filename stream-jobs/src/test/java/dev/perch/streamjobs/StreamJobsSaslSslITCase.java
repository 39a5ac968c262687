package dev.perch.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.UserProfile;
import dev.perch.core.UserStateUpdater;
import dev.perch.events.DeadLetter;
import dev.perch.events.UserState;
import dev.perch.kafka.SecuredKafkaBrokerExtension;
import dev.perch.streamjobs.itemstats.ItemStatisticsJob;
import dev.perch.streamjobs.itemstats.ItemStatisticsJobConfig;
import dev.perch.streamjobs.userstate.UserStateJob;
import dev.perch.streamjobs.userstate.UserStateJobConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both stream jobs, wired by their production Kafka factories, against a broker that requires SASL
 * over TLS: every source and sink takes its settings from the client-properties file the collector
 * and the model server read too ({@code perch.kafka.client-properties}).
 */
class StreamJobsSaslSslITCase {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final SecuredKafkaBrokerExtension BROKER = SecuredKafkaBrokerExtension.dedicated();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path checkpoints;

    private StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        return env;
    }

    @Test
    @DisplayName(
            "with perch.kafka.client-properties naming a SASL_SSL file, the user-state job reads"
                    + " events and the catalog, writes every user's state and dead-letters garbage,"
                    + " and the item-statistics job publishes neighbours, all over SASL_SSL")
    void jobsRunOverSaslSsl() throws Exception {
        GeneratedShop shop = GeneratedShop.generate(5, 20, 6, 200);
        try (KafkaTestBed kafka =
                new KafkaTestBed(BROKER.bootstrapServers(), BROKER.clientProperties(), "sasl")) {
            UserStateJobConfig userState = kafka.config(new Configuration());
            ItemStatisticsJobConfig itemStatistics =
                    kafka.itemStatisticsConfig(new Configuration());
            assertThat(userState.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
            kafka.produceItems(shop.items());
            kafka.produceEvents(shop.events());
            kafka.produceRaw("sasl-garbage", "not avro".getBytes(StandardCharsets.UTF_8));

            StreamExecutionEnvironment userEnv = UserStateJob.configure(environment(), userState);
            JobClient users = UserStateJob.onKafka(userState).executeAsync(userEnv);
            JobClient items =
                    ItemStatisticsJob.onKafka(itemStatistics)
                            .executeAsync(
                                    ItemStatisticsJob.configure(environment(), itemStatistics));
            try {
                Map<String, Map<String, Long>> expected = new HashMap<>();
                Map<String, UserProfile> profiles =
                        shop.expectedProfiles(new UserStateUpdater(userState.updateRule()));
                profiles.forEach((user, p) -> expected.put(user, p.state().getEventCounts()));
                Map<String, UserState> states =
                        kafka.awaitUserStates(actual -> counted(actual, expected), TIMEOUT);
                assertThat(states.keySet()).containsAll(expected.keySet());
                Awaitility.await("the undecodable record's dead letter")
                        .atMost(TIMEOUT)
                        .until(
                                () ->
                                        kafka.deadLetters().stream()
                                                .map(DeadLetter::getReason)
                                                .anyMatch("UNDECODABLE"::equals));
                assertThat(kafka.awaitNeighbors(n -> !n.isEmpty(), TIMEOUT)).isNotEmpty();
            } finally {
                JobStops.cancelAndAwait(users);
                JobStops.cancelAndAwait(items);
            }
        }
    }

    /** Whether every user's state counts the events the shared rule counts for them. */
    private static boolean counted(
            Map<String, UserState> actual, Map<String, Map<String, Long>> expected) {
        return expected.entrySet().stream()
                .allMatch(
                        e ->
                                actual.containsKey(e.getKey())
                                        && actual.get(e.getKey())
                                                .getEventCounts()
                                                .equals(e.getValue()));
    }
}
