package dev.perch.streamjobs.itemstats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import dev.perch.kafka.KafkaBrokerExtension;
import dev.perch.streamjobs.Fixtures;
import dev.perch.streamjobs.KafkaTestBed;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import dev.perch.streamjobs.userstate.UserStateKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throughput of the item-statistics job with RocksDB on a real click stream (the same YooChoose
 * backlog as {@link dev.perch.streamjobs.userstate.UserStateBenchmark}: sessions as users, clicks
 * as VIEWs, event times spread over one day, 20 synthetic top-level categories). Not part of the
 * build: run it with {@code ./mvnw -B -pl stream-jobs verify -Dit.test=ItemStatisticsBenchmark
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}; it prints and writes
 * target/item-statistics-benchmark.txt.
 */
class ItemStatisticsBenchmark {
    private static final int PARALLELISM = 2;
    private static final int EVENTS = 200_000;

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(PARALLELISM)
                            .build());

    private static List<String[]> clicks(int limit) throws IOException {
        Path datasets = Path.of(System.getProperty("perch.datasets.dir", "/work/shared/datasets"));
        try (var lines = Files.lines(datasets.resolve("yoochoose/ader_periods/period_0.txt"))) {
            return lines.limit(limit).map(l -> l.trim().split("\\s+")).toList();
        }
    }

    @Test
    void backlogThroughput() throws Exception {
        List<String[]> clicks = clicks(EVENTS);
        Set<String> ids = new LinkedHashSet<>();
        clicks.forEach(c -> ids.add("yc-" + c[1]));
        Random random = new Random(7);
        List<Item> items = new ArrayList<>();
        for (String id : ids) {
            items.add(
                    Fixtures.item(
                            id,
                            "c" + Math.floorMod(id.hashCode(), 20),
                            (float) random.nextGaussian()));
        }
        Instant day = Instant.parse("2014-04-01T00:00:00Z");
        List<ClickEvent> events = new ArrayList<>(clicks.size());
        for (int i = 0; i < clicks.size(); i++) {
            Instant time = day.plusMillis(i * (86_400_000L / clicks.size()));
            events.add(
                    ClickEvent.newBuilder()
                            .setEventId(new UUID(98, i).toString())
                            .setUserId("yc-session-" + clicks.get(i)[0])
                            .setType(EventType.VIEW)
                            .setItemId("yc-" + clicks.get(i)[1])
                            .setEventTime(time)
                            .setReceivedTime(Instant.now())
                            .build());
        }

        try (KafkaTestBed kafka = new KafkaTestBed(KAFKA.bootstrapServers(), "bench-stats")) {
            Configuration extra = new Configuration();
            extra.set(UserStateJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(10));
            extra.set(ItemStatisticsJobOptions.SOURCE_IDLENESS, Duration.ofSeconds(30));
            ItemStatisticsJobConfig config = kafka.itemStatisticsConfig(extra);
            kafka.produceItems(items);
            kafka.produceEvents(events);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            ItemStatisticsJob.configure(env, config);
            env.setParallelism(PARALLELISM);
            var source =
                    UserStateKafka.source(
                                    config.bootstrapServers(),
                                    config.eventsTopic(),
                                    config.groupId())
                            .setBounded(OffsetsInitializer.latest());
            var catalog =
                    UserStateKafka.source(
                                    config.bootstrapServers(),
                                    config.itemsTopic(),
                                    config.groupId() + "-c")
                            .setStartingOffsets(OffsetsInitializer.earliest())
                            .setBounded(OffsetsInitializer.latest());
            String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
            long start = System.nanoTime();
            new ItemStatisticsJob(
                            source.build(),
                            catalog.build(),
                            ItemStatisticsKafka.neighborsSink(config),
                            ItemStatisticsKafka.trendingSink(config),
                            ItemStatisticsKafka.deadLetterSink(config),
                            config)
                    .execute(env);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Long> published = kafka.neighborTimestamps();
            long first = published.stream().mapToLong(Long::longValue).min().orElseThrow();
            long last = published.stream().mapToLong(Long::longValue).max().orElseThrow();
            long withNeighbors =
                    kafka.neighborRecords().stream().map(n -> n.getItemId()).distinct().count();
            String report =
                    String.format(
                            "item statistics: %d events (%d items) from a Kafka backlog in %.1f s"
                                    + " including job start, shutdown and the final checkpoint ="
                                    + " %.0f events/s; first to last neighbours output %.1f s ="
                                    + " %.0f events/s (parallelism %d, RocksDB, incremental"
                                    + " checkpoints every 10 s, publish interval 200 ms); %d"
                                    + " items got neighbours; load average before the run %s%n",
                            events.size(),
                            items.size(),
                            seconds,
                            events.size() / seconds,
                            (last - first) / 1e3,
                            events.size() * 1e3 / Math.max(1, last - first),
                            PARALLELISM,
                            withNeighbors,
                            loadBefore);
            System.out.print(report);
            Files.writeString(Path.of("target/item-statistics-benchmark.txt"), report);
            assertThat(withNeighbors).isPositive();
            assertThat(kafka.deadLetters()).isEmpty();
        }
    }
}
