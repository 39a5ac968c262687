package dev.perch.cli.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.perch.cli.PerchVersion;
import dev.perch.cli.local.LocalOptions;
import dev.perch.cli.local.LocalStack;
import dev.perch.cli.local.ServiceProcess;
import dev.perch.cli.replay.EventReplayer;
import dev.perch.cli.replay.RatePacer;
import dev.perch.cli.replay.ReplayResult;
import dev.perch.events.ClickEvent;
import dev.perch.events.Item;
import dev.perch.events.Recommendations;
import dev.perch.events.Topics;
import dev.perch.events.UserState;
import dev.perch.events.files.AderPeriodsFormat;
import dev.perch.events.files.EventFileFormat;
import dev.perch.events.files.EventFileLoader;
import dev.perch.events.files.LineParser;
import dev.perch.events.files.LoadedEvents;
import dev.perch.events.files.LoadedFile;
import dev.perch.events.serde.PerchSerdes;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code perch bench}: the end-to-end benchmark through the real broker, the Flink jobs and the
 * model server on this machine: the sustained rate from a backlog of a real click-stream, then
 * click-to-recommendation latency at fixed rates, with the CPU and memory of every process.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = PerchVersion.class,
        sortOptions = false,
        description = {
            "End-to-end benchmark: starts Kafka, the stream jobs and the model server (as 'perch"
                    + " local' does, in a fresh data directory), publishes a catalog of the file's"
                    + " items, then",
            "  1. throughput: produces the whole file as fast as possible and measures how fast"
                    + " user states (Flink) and recommendations (model server) follow;",
            "  2. latency: for each --rates value, produces the file's events re-timed to now at"
                    + " that rate and measures event-received to user-state and to"
                    + " recommendations-consumed latency (HdrHistogram percentiles);",
            "recording the CPU and memory of each process. Writes bench.json and bench.md to"
                    + " --out.",
            ""
        },
        footer = {
            "",
            "Example (all YooChoose periods, in period order):",
            "  cat $(ls -v ../shared/datasets/yoochoose/ader_periods/period_*.txt) > /tmp/yc.txt",
            "  bin/perch bench --events /tmp/yc.txt --format ader-periods --out target/bench",
            "",
            "Exit codes: 0 done, 1 failure, 2 usage error."
        })
public final class BenchCommand implements Callable<Integer> {
    private static final Duration QUIET = Duration.ofSeconds(20);

    @Spec CommandSpec spec;

    @Option(
            names = {"-e", "--events"},
            required = true,
            paramLabel = "FILE",
            description = "The click-stream file (may be .gz).")
    Path events;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FORMAT",
            defaultValue = "ader-periods",
            description = "The file format, as for replay (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "Throughput phase: only the first N events; 0 = all (default).")
    long limit;

    @Option(
            names = "--rates",
            paramLabel = "EVENTS_PER_S",
            split = ",",
            defaultValue = "1000,5000,20000",
            description = "Fixed rates of the latency phases (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(
            names = "--phase-seconds",
            paramLabel = "S",
            defaultValue = "60",
            description = "Measured seconds of each latency phase (default: ${DEFAULT-VALUE}).")
    int phaseSeconds;

    @Option(
            names = "--warmup-seconds",
            paramLabel = "S",
            defaultValue = "10",
            description =
                    "Unmeasured seconds before each latency phase (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--skip-throughput", description = "Run only the latency phases.")
    boolean skipThroughput;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "A model artifact directory for the model server (default: none, the"
                            + " built-in weighted-sum ranker).")
    Path model;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "target/bench",
            description = "Where bench.json and bench.md go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Data directory of the processes (default: a fresh one under --out, deleted"
                            + " after).")
    Path dataDir;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "3",
            description = "Partitions of each topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "1",
            description = "Parallelism of the Flink jobs (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter console = spec.commandLine().getOut();
        EventFileFormat fileFormat = EventFileFormat.fromCliName(format);
        LineParser parser =
                fileFormat
                        .create(AderPeriodsFormat.DEFAULT_START, AderPeriodsFormat.DEFAULT_INTERVAL)
                        .newParser();
        console.printf("reading %s ...%n", events);
        console.flush();
        LoadedFile loaded = new EventFileLoader(parser, line -> {}, 0).load(events);
        LoadedEvents file = loaded.events();
        int[] order = file.eventTimeOrder();
        console.printf(
                Locale.US,
                "%,d events (%,d lines rejected)%n",
                file.size(),
                loaded.rejects().total());

        boolean temporary = dataDir == null;
        Path data = temporary ? out.resolve("data-" + System.currentTimeMillis()) : dataDir;
        LocalOptions options =
                new LocalOptions(
                        data,
                        0,
                        partitions,
                        "768m",
                        "1500m",
                        "1g",
                        parallelism,
                        freePort(),
                        freePort());
        BenchReport.Throughput throughput = null;
        List<BenchReport.RatePhase> phases = new ArrayList<>();
        try (LocalStack stack = LocalStack.startBroker(options, console)) {
            String bootstrap = stack.bootstrap();
            if (model != null) {
                copyModel(model, data.resolve("models").resolve(model.getFileName()));
            }
            try (Producer<String, Object> producer = producer(bootstrap)) {
                publishCatalog(producer, file, order, parser, console);
            }
            stack.startServices(false);
            try (ProcessSampler sampler = new ProcessSampler(pids(stack));
                    TopicCounter counter = new TopicCounter(bootstrap)) {
                if (!skipThroughput) {
                    throughput = throughput(stack, file, order, parser, sampler, counter, console);
                }
                try (LatencyProbe<UserState> states =
                                new LatencyProbe<>(
                                        bootstrap,
                                        Topics.USER_STATE,
                                        UserState.class,
                                        UserState::getLastEventReceivedTime);
                        LatencyProbe<Recommendations> recommendations =
                                new LatencyProbe<>(
                                        bootstrap,
                                        Topics.RECOMMENDATIONS,
                                        Recommendations.class,
                                        Recommendations::getCauseReceivedTime)) {
                    int offset = 0;
                    for (int rate : rates) {
                        phases.add(
                                latencyPhase(
                                        stack,
                                        rate,
                                        file,
                                        order,
                                        parser,
                                        offset,
                                        states,
                                        recommendations,
                                        sampler,
                                        console));
                        offset += rate * (phaseSeconds + warmupSeconds);
                    }
                }
            }
        } finally {
            if (temporary) {
                deleteRecursively(data);
            }
        }
        BenchReport report =
                new BenchReport(
                        BenchReport.Machine.current(),
                        events.getFileName().toString(),
                        throughput,
                        phases);
        report.write(out);
        console.println();
        console.println(report.markdown());
        console.printf("wrote %s and %s%n", out.resolve("bench.json"), out.resolve("bench.md"));
        console.flush();
        return 0;
    }

    private BenchReport.Throughput throughput(
            LocalStack stack,
            LoadedEvents file,
            int[] order,
            LineParser parser,
            ProcessSampler sampler,
            TopicCounter counter,
            PrintWriter console)
            throws Exception {
        long statesBefore = counter.endOffsets(Topics.USER_STATE);
        long recommendationsBefore = counter.endOffsets(Topics.RECOMMENDATIONS);
        long deadBefore = counter.endOffsets(Topics.DEAD_LETTER);
        console.printf("throughput: producing the whole backlog as fast as possible ...%n");
        console.flush();
        sampler.start();
        long start = System.nanoTime();
        ReplayResult produced;
        try (KafkaProducer<String, ClickEvent> producer =
                new KafkaProducer<>(
                        producerSettings(stack.bootstrap()),
                        new StringSerializer(),
                        PerchSerdes.serializer(ClickEvent.class))) {
            produced =
                    new EventReplayer(
                                    producer,
                                    Topics.EVENTS,
                                    RatePacer.unlimited(),
                                    Clock.systemUTC(),
                                    Duration.ofMinutes(5))
                            .replay(file, order, parser, limit, sent -> {});
        }
        double produceSeconds = (System.nanoTime() - start) / 1e9;
        console.printf(
                Locale.US,
                "produced %,d events in %.1f s; waiting for the outputs ...%n",
                produced.acknowledged(),
                produceSeconds);
        console.flush();
        Follow states = new Follow();
        Follow recommendations = new Follow();
        long lastReport = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            boolean moved =
                    states.update(counter.endOffsets(Topics.USER_STATE) - statesBefore, now);
            moved |=
                    recommendations.update(
                            counter.endOffsets(Topics.RECOMMENDATIONS) - recommendationsBefore,
                            now);
            failIfDead(stack);
            if (now - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                console.printf(
                        Locale.US,
                        "  user states %,d, recommendations %,d%n",
                        states.count,
                        recommendations.count);
                console.flush();
                lastReport = now;
            }
            if (!moved
                    && now - Math.max(states.lastChange, recommendations.lastChange)
                            > QUIET.toNanos()
                    && states.count > 0) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        List<ProcessSampler.Usage> usage = sampler.stop();
        double stateSeconds = (states.lastChange - start) / 1e9;
        double recommendationSeconds = (recommendations.lastChange - start) / 1e9;
        return new BenchReport.Throughput(
                produced.acknowledged(),
                round(produceSeconds),
                states.count,
                round(stateSeconds),
                round(states.count / stateSeconds),
                recommendations.count,
                round(recommendationSeconds),
                round(recommendations.count / recommendationSeconds),
                counter.endOffsets(Topics.DEAD_LETTER) - deadBefore,
                usage);
    }

    /** A growing count and when it last changed. */
    private static final class Follow {
        long count;
        long lastChange = System.nanoTime();

        boolean update(long newCount, long now) {
            if (newCount != count) {
                count = newCount;
                lastChange = now;
                return true;
            }
            return false;
        }
    }

    private BenchReport.RatePhase latencyPhase(
            LocalStack stack,
            int rate,
            LoadedEvents file,
            int[] order,
            LineParser parser,
            int offset,
            LatencyProbe<UserState> states,
            LatencyProbe<Recommendations> recommendations,
            ProcessSampler sampler,
            PrintWriter console)
            throws Exception {
        console.printf(
                Locale.US,
                "latency: %,d events/s for %d s (+%d s warm-up) ...%n",
                rate,
                phaseSeconds,
                warmupSeconds);
        console.flush();
        String run = Long.toString(System.currentTimeMillis(), 36);
        RatePacer pacer = RatePacer.perSecond(rate);
        long total = (long) rate * (warmupSeconds + phaseSeconds);
        long warmup = (long) rate * warmupSeconds;
        long measuredStart = 0;
        try (KafkaProducer<String, ClickEvent> producer =
                new KafkaProducer<>(
                        producerSettings(stack.bootstrap()),
                        new StringSerializer(),
                        PerchSerdes.serializer(ClickEvent.class))) {
            long start = System.nanoTime();
            for (long k = 0; k < total; k++) {
                if (k == warmup) {
                    states.measureFrom(Instant.now());
                    recommendations.measureFrom(Instant.now());
                    sampler.start();
                    measuredStart = System.nanoTime();
                }
                pacer.awaitTurn(k, start, System::nanoTime);
                int i = order[(int) ((offset + k) % order.length)];
                ClickEvent event = file.event(i, parser);
                Instant now = Instant.now();
                event.setEventId(
                        UUID.nameUUIDFromBytes(("bench-" + run + "-" + k).getBytes(UTF_8))
                                .toString());
                event.setEventTime(now);
                event.setReceivedTime(now);
                producer.send(new ProducerRecord<>(Topics.EVENTS, event.getUserId(), event));
                if ((k & 1023) == 0) {
                    failIfDead(stack);
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - measuredStart) / 1e9;
        long produced = total - warmup;
        // let the outputs of the last events arrive before reading the histograms
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long seen = -1;
        while (System.nanoTime() < deadline && seen != recommendations.records()) {
            seen = recommendations.records();
            TimeUnit.SECONDS.sleep(2);
        }
        List<ProcessSampler.Usage> usage = sampler.stop();
        BenchReport.RatePhase phase =
                new BenchReport.RatePhase(
                        rate,
                        round(produced / seconds),
                        round(seconds),
                        BenchReport.Latency.of(states.snapshot()),
                        BenchReport.Latency.of(recommendations.snapshot()),
                        usage);
        console.printf(
                Locale.US,
                "  event->user state p50 %d ms p99 %d ms; event->recommendations p50 %d ms p99 %d"
                        + " ms (%,d lists)%n",
                phase.eventToUserState().p50(),
                phase.eventToUserState().p99(),
                phase.eventToRecommendation().p50(),
                phase.eventToRecommendation().p99(),
                phase.eventToRecommendation().count());
        console.flush();
        return phase;
    }

    private void publishCatalog(
            Producer<String, Object> producer,
            LoadedEvents file,
            int[] order,
            LineParser parser,
            PrintWriter console) {
        Set<String> items = new LinkedHashSet<>();
        for (int i : order) {
            String itemId = file.event(i, parser).getItemId();
            if (itemId != null) {
                items.add(itemId);
            }
        }
        Instant now = Instant.now();
        for (String itemId : items) {
            Item item =
                    Item.newBuilder()
                            .setItemId(itemId)
                            .setAvailable(true)
                            .setUpdatedAt(now)
                            .build();
            producer.send(new ProducerRecord<>(Topics.ITEMS, itemId, item));
        }
        producer.flush();
        console.printf(
                Locale.US, "published a catalog of %,d items to %s%n", items.size(), Topics.ITEMS);
        console.flush();
    }

    @SuppressWarnings("unchecked")
    private static Producer<String, Object> producer(String bootstrap) {
        var serializer = PerchSerdes.serializer(Item.class);
        return new KafkaProducer<>(
                producerSettings(bootstrap),
                new StringSerializer(),
                (topic, value) -> serializer.serialize(topic, (Item) value));
    }

    private static Properties producerSettings(String bootstrap) {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "perch-bench");
        return settings;
    }

    private static Map<String, Long> pids(LocalStack stack) {
        Map<String, Long> pids = new LinkedHashMap<>();
        Set<Long> services = new LinkedHashSet<>();
        for (ServiceProcess service : stack.services()) {
            services.add(service.pid());
        }
        ProcessHandle.current()
                .children()
                .filter(child -> !services.contains(child.pid()))
                .findFirst()
                .ifPresent(broker -> pids.put("kafka", broker.pid()));
        for (ServiceProcess service : stack.services()) {
            pids.put(service.name(), service.pid());
        }
        pids.put("bench (producer + probes)", ProcessHandle.current().pid());
        return pids;
    }

    private static void failIfDead(LocalStack stack) throws IOException {
        ServiceProcess dead = stack.firstDead();
        if (dead != null) {
            throw new IOException(
                    dead.name() + " exited with code " + dead.exitCode() + ":\n" + dead.tail(20));
        }
    }

    private void validate() {
        if (!Files.isReadable(events)) {
            throw new ParameterException(
                    spec.commandLine(), "--events: no readable file at " + events.toAbsolutePath());
        }
        if (phaseSeconds < 1 || warmupSeconds < 0 || limit < 0) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--phase-seconds >= 1, --warmup-seconds >= 0, --limit >= 0");
        }
        for (int rate : rates) {
            if (rate < 1) {
                throw new ParameterException(
                        spec.commandLine(), "--rates must be positive: " + rate);
            }
        }
        try {
            EventFileFormat.fromCliName(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (model != null && !Files.isDirectory(model)) {
            throw new ParameterException(spec.commandLine(), "--model: no directory at " + model);
        }
    }

    private static void copyModel(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.sorted().toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
