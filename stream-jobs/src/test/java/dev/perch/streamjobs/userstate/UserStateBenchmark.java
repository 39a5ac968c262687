package dev.perch.streamjobs.userstate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import dev.perch.kafka.KafkaBrokerExtension;
import dev.perch.streamjobs.Fixtures;
import dev.perch.streamjobs.JobStops;
import dev.perch.streamjobs.KafkaTestBed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throughput and latency of the user-state job with RocksDB on a real click stream (YooChoose, one
 * ADER period: sessions as users, clicks as VIEWs, event times spread evenly over the day, random
 * 32-dimensional item embeddings). Not part of the build: run it with {@code ./mvnw -B -pl
 * stream-jobs verify -Dit.test=UserStateBenchmark}; it prints and writes
 * target/user-state-benchmark.txt.
 */
class UserStateBenchmark {
    private static final int PARALLELISM = 2;

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
        Path file = datasets.resolve("yoochoose/ader_periods/period_0.txt");
        try (var lines = Files.lines(file)) {
            return lines.limit(limit).map(l -> l.trim().split("\\s+")).toList();
        }
    }

    private static List<Item> items(List<String[]> clicks) {
        Set<String> ids = new LinkedHashSet<>();
        clicks.forEach(c -> ids.add("yc-" + c[1]));
        Random random = new Random(7);
        List<Item> items = new ArrayList<>();
        for (String id : ids) {
            float[] embedding = new float[32];
            for (int d = 0; d < embedding.length; d++) {
                embedding[d] = (float) random.nextGaussian();
            }
            items.add(Fixtures.item(id, "c" + Math.floorMod(id.hashCode(), 20), embedding));
        }
        return items;
    }

    private static ClickEvent click(String[] c, int index, int total, Instant received) {
        Instant day = Instant.parse("2014-04-01T00:00:00Z");
        Instant time = day.plusMillis(index * (86_400_000L / total));
        return ClickEvent.newBuilder()
                .setEventId(new UUID(99, index).toString())
                .setUserId("yc-session-" + c[0])
                .setType(EventType.VIEW)
                .setItemId("yc-" + c[1])
                .setEventTime(time)
                .setReceivedTime(received)
                .build();
    }

    private static UserStateJobConfig relaxed(KafkaTestBed kafka) {
        Configuration extra = new Configuration();
        extra.set(UserStateJobOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(10));
        extra.set(UserStateJobOptions.MAX_FUTURE_SKEW, Duration.ofDays(36_500));
        return kafka.config(extra);
    }

    @Test
    void sustainedThroughputAndLatency() throws Exception {
        List<String[]> clicks = clicks(200_000);
        List<Item> items = items(clicks);
        StringBuilder report = new StringBuilder();

        try (KafkaTestBed kafka = new KafkaTestBed(KAFKA.bootstrapServers(), "bench-throughput")) {
            UserStateJobConfig config = relaxed(kafka);
            kafka.produceItems(items);
            List<ClickEvent> events = new ArrayList<>(clicks.size());
            for (int i = 0; i < clicks.size(); i++) {
                events.add(click(clicks.get(i), i, clicks.size(), Instant.now()));
            }
            kafka.produceEvents(events);

            StreamExecutionEnvironment env = env(config);
            var eventsSource =
                    UserStateKafka.source(config, config.eventsTopic(), config.groupId())
                            .setBounded(OffsetsInitializer.latest());
            var itemsSource =
                    UserStateKafka.source(config, config.itemsTopic(), config.groupId() + "-c")
                            .setStartingOffsets(OffsetsInitializer.earliest())
                            .setBounded(OffsetsInitializer.latest());
            long start = System.nanoTime();
            new UserStateJob(
                            eventsSource.build(),
                            itemsSource.build(),
                            UserStateKafka.userStateSink(config),
                            UserStateKafka.deadLetterSink(config),
                            config)
                    .execute(env);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Long> outputs = kafka.userStateTimestamps();
            assertThat(outputs).hasSize(events.size());
            long first = outputs.stream().mapToLong(Long::longValue).min().orElseThrow();
            long last = outputs.stream().mapToLong(Long::longValue).max().orElseThrow();
            long users = events.stream().map(ClickEvent::getUserId).distinct().count();
            report.append(
                    String.format(
                            "throughput: %d events (%d users, %d items) from a Kafka backlog:"
                                    + " %.1f s including job start and shutdown = %.0f events/s;"
                                    + " first to last output %.1f s = %.0f events/s (parallelism"
                                    + " %d, RocksDB, incremental checkpoints every 10 s)%n",
                            events.size(),
                            users,
                            items.size(),
                            seconds,
                            events.size() / seconds,
                            (last - first) / 1e3,
                            events.size() * 1e3 / Math.max(1, last - first),
                            PARALLELISM));
            assertThat(kafka.deadLetters()).isEmpty();
        }

        try (KafkaTestBed kafka = new KafkaTestBed(KAFKA.bootstrapServers(), "bench-latency")) {
            UserStateJobConfig config = relaxed(kafka);
            kafka.produceItems(items);
            JobClient job = UserStateJob.onKafka(config).executeAsync(env(config));
            ClickEvent warmUp =
                    ClickEvent.newBuilder(click(clicks.get(0), 0, 1, Instant.now()))
                            .setEventId(UUID.randomUUID().toString())
                            .setUserId("warm-up")
                            .build();
            kafka.produceEvents(List.of(warmUp));
            kafka.awaitUserStates(s -> s.containsKey("warm-up"), Duration.ofMinutes(2));
            int rate = 1_000;
            int total = 20_000;
            AtomicInteger sent = new AtomicInteger();
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            pacer.scheduleAtFixedRate(
                    () -> {
                        List<ClickEvent> batch = new ArrayList<>();
                        for (int k = 0; k < rate / 100 && sent.get() < total; k++) {
                            int i = sent.getAndIncrement();
                            batch.add(click(clicks.get(i), i, total, Instant.now()));
                        }
                        kafka.produceEvents(batch);
                    },
                    0,
                    10,
                    TimeUnit.MILLISECONDS);
            List<Long> latencies =
                    kafka.awaitLatencies(
                            total, s -> !s.getUserId().equals("warm-up"), Duration.ofMinutes(3));
            pacer.shutdownNow();
            JobStops.cancelAndAwait(job);
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            report.append(
                    String.format(
                            "latency at %d events/s for %d events, Kafka in (receivedTime) to"
                                    + " perch.user-state out (record timestamp): p50 %d ms, p99 %d"
                                    + " ms, max %d ms%n",
                            rate,
                            total,
                            sorted[sorted.length / 2],
                            sorted[(int) (sorted.length * 0.99)],
                            sorted[sorted.length - 1]));
            assertThat(sorted).hasSize(total);
        }
        System.out.print(report);
        Files.writeString(Path.of("target/user-state-benchmark.txt"), report.toString());
        assertThat(Arrays.asList(report.toString().split("\n"))).hasSize(2);
    }

    private static StreamExecutionEnvironment env(UserStateJobConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        UserStateJob.configure(env, config);
        env.setParallelism(PARALLELISM);
        return env;
    }
}
