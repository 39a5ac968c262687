package dev.perch.cli.bench;

import dev.perch.cli.EventFileFormats;
import dev.perch.cli.PerchVersion;
import dev.perch.cli.local.JavaLauncher;
import dev.perch.cli.local.LocalOptions;
import dev.perch.cli.local.LocalStack;
import dev.perch.cli.local.ServiceProcess;
import dev.perch.events.ClickEvent;
import dev.perch.events.Item;
import dev.perch.events.Recommendations;
import dev.perch.events.Topics;
import dev.perch.events.UserState;
import dev.perch.events.files.EventFileFormat;
import dev.perch.events.files.LineParser;
import dev.perch.events.serde.PerchSerdes;
import dev.perch.events.serde.VersionReader;
import dev.perch.modelserver.ModelServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Pattern;
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
 * latency at fixed rates from each event's intended send time, with the CPU and memory of every
 * process next to a plain Kafka passthrough on the same broker.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = PerchVersion.class,
        sortOptions = false,
        description = {
            "End-to-end benchmark: trains a model (the real trainer with the SASRec+ sequence"
                    + " model) on the first --train-events events of the file, which it then never"
                    + " sends; starts Kafka, the stream jobs and the model server with that model"
                    + " (as 'perch local' does, in a fresh data directory) and a Kafka passthrough"
                    + " (consumes perch.events, produces each record to "
                    + BenchCommand.PASSTHROUGH_TOPIC
                    + ": the floor), publishes a catalog of the file's items with the model's"
                    + " embeddings, then",
            "  1. throughput: produces the next --limit events of the file at once and measures"
                    + " how fast the stream jobs write user states and the model server consumes"
                    + " them;",
            "  2. latency: for each --rates value, sends the file's events (read as they are"
                    + " sent) re-timed to now at that rate, and measures from each event's intended"
                    + " send time to the first user state and the first recommendation list that"
                    + " include it (coalesced events included; HdrHistogram percentiles).",
            "Every phase starts once the pipeline has drained the previous one. Records the CPU and"
                    + " memory of each process and its CPU per event. Writes bench.json and"
                    + " bench.md to --out.",
            ""
        },
        footer = {
            "",
            "Example (all YooChoose periods, in period order):",
            "  cat $(ls -v ../shared/datasets/yoochoose/ader_periods/period_*.txt) > /tmp/yc.txt",
            "  bin/perch bench --events /tmp/yc.txt --format ader-periods --out target/bench",
            "  ... --model none                        the built-in weighted-sum ranker instead",
            "",
            "Exit codes: 0 done, 1 failure, 2 usage error."
        })
public final class BenchCommand implements Callable<Integer> {
    /** Where the passthrough copies perch.events to. */
    public static final String PASSTHROUGH_TOPIC = "perch.bench-passthrough";

    private static final Duration QUIET = Duration.ofSeconds(10);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration BACKLOG_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int PRIMING_EVENTS = 200;
    private static final Duration PRIMING_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern PASSTHROUGH_READY = Pattern.compile(Passthrough.READY);

    @Spec CommandSpec spec;

    @Option(
            names = {"-e", "--events"},
            required = true,
            paramLabel = "FILE",
            description = "The click-stream file (may be .gz), read as it is sent.")
    Path events;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FORMAT",
            defaultValue = "ader-periods",
            converter = EventFileFormats.Converter.class,
            completionCandidates = EventFileFormats.Names.class,
            description = "The file format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    EventFileFormat format;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "300000",
            description =
                    "Throughput phase: the first N events of the file after the training events;"
                            + " 0 = all (default: ${DEFAULT-VALUE}).")
    long limit;

    @Option(
            names = "--rates",
            paramLabel = "EVENTS_PER_S",
            split = ",",
            defaultValue = "1000,5000",
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

    @Option(
            names = "--timeline-seconds",
            paramLabel = "S",
            defaultValue = "5",
            description =
                    "Length of the windows of each phase's latency timeline, by intended send time"
                            + " (default: ${DEFAULT-VALUE}).")
    int timelineSeconds;

    @Option(
            names = "--jit-warmup-seconds",
            paramLabel = "S",
            defaultValue = "120",
            description =
                    "Before the latency phases, one unmeasured phase of S seconds at"
                            + " --jit-warmup-rate while the JVMs compile their hot paths; it is"
                            + " reported apart as what a cold pipeline shows; 0 = none (default:"
                            + " ${DEFAULT-VALUE}).")
    int jitWarmupSeconds;

    @Option(
            names = "--jit-warmup-rate",
            paramLabel = "EVENTS_PER_S",
            defaultValue = "250",
            description = "Rate of the JIT warm-up phase (default: ${DEFAULT-VALUE}).")
    int jitWarmupRate;

    @Option(
            names = "--drain-seconds",
            paramLabel = "S",
            defaultValue = "60",
            description =
                    "How long after its last send a latency phase waits for the outputs; events"
                            + " still without one then count with the time waited (default:"
                            + " ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Option(names = "--skip-throughput", description = "Run only the latency phases.")
    boolean skipThroughput;

    @Option(
            names = "--stages-alone",
            description =
                    "After the latency phases (warm JVMs), a second backlog of --limit events with"
                            + " each stage alone: the model servers stopped (SIGSTOP) until the"
                            + " stream jobs have written every state, then let go on (SIGCONT):"
                            + " each stage's records/s with the machine to itself.")
    boolean stagesAlone;

    @Option(
            names = "--model",
            paramLabel = "DIR|none",
            description =
                    "The model server's model: a model artifact directory, or 'none' for the"
                            + " built-in weighted-sum ranker (default: a model trained at the"
                            + " start, see --train-events).")
    String model;

    @Option(
            names = "--train-events",
            paramLabel = "N",
            description =
                    "Without --model: the first N valid events of the file train the model (the"
                            + " real trainer, small settings, with the SASRec+ sequence model) and"
                            + " are never sent (default: 50000).")
    Long trainEvents;

    @Option(
            names = "--train-minutes",
            paramLabel = "M",
            description =
                    "Without --model: the sequence model's training budget in minutes (default:"
                            + " 0.75).")
    Double trainMinutes;

    /** The model of the command line, set by {@link #validate()}. */
    BenchModel benchModel;

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

    @Option(
            names = "--model-servers",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Model-server instances in one Kafka Streams application, sharing the"
                            + " user-state partitions (default: ${DEFAULT-VALUE}).")
    int modelServers;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter console = spec.commandLine().getOut();
        Supplier<LineParser> parsers = EventFileStream.parsers(format);
        say(console, "reading the items of %s ...", events);
        Set<String> items = new HashSet<>();
        long fileEvents = 0;
        try (EventFileStream stream = new EventFileStream(events, parsers, false)) {
            for (ClickEvent e = stream.next(); e != null; e = stream.next()) {
                fileEvents++;
                if (e.getItemId() != null) {
                    items.add(e.getItemId());
                }
            }
            say(
                    console,
                    "%,d events, %,d items (%,d lines without a valid event)",
                    fileEvents,
                    items.size(),
                    stream.rejected());
        }
        if (fileEvents <= benchModel.skippedEvents()) {
            throw new IOException(
                    String.format(
                            Locale.US,
                            "the file has %,d events and the first %,d train the model: none is"
                                    + " left to send (--train-events)",
                            fileEvents,
                            benchModel.skippedEvents()));
        }

        boolean temporary = dataDir == null;
        Path data = temporary ? out.resolve("data-" + System.currentTimeMillis()) : dataDir;
        BenchModel.Prepared prepared;
        try {
            // before any process starts: training has the machine to itself
            prepared = benchModel.prepare(events, format, data, console);
        } catch (Exception e) {
            if (temporary) {
                BenchFiles.deleteRecursively(data);
            }
            throw e;
        }
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
        BenchReport.Throughput alone = null;
        BenchReport.RatePhase jitWarmUp = null;
        List<BenchReport.RatePhase> phases = new ArrayList<>();
        ServiceProcess passthrough = null;
        try (LocalStack stack = LocalStack.startBroker(options, console)) {
            String bootstrap = stack.bootstrap();
            try (Producer<String, Item> producer =
                    new KafkaProducer<>(
                            producerSettings(bootstrap),
                            new StringSerializer(),
                            PerchSerdes.serializer(Item.class))) {
                publishCatalog(producer, items, prepared, console);
            }
            items = null; // the catalog is on its topic; nothing of the file stays in memory
            stack.startServices(false);
            for (int instance = 2; instance <= modelServers; instance++) {
                stack.startExtraModelServer(instance, freePort());
            }
            try (TopicCounter counter = new TopicCounter(bootstrap)) {
                counter.ensureTopic(PASSTHROUGH_TOPIC, partitions);
                // latencies end when the broker appends an output (see LatencyProbe)
                counter.stampAppendTime(Topics.USER_STATE, Topics.RECOMMENDATIONS);
                passthrough = startPassthrough(bootstrap, data);
                say(
                        console,
                        "Kafka passthrough running (%s -> %s)",
                        Topics.EVENTS,
                        PASSTHROUGH_TOPIC);
                Pipeline pipeline = new Pipeline(stack, counter, passthrough);
                PendingEvents pending = new PendingEvents(Duration.ofSeconds(timelineSeconds));
                try (ProcessSampler sampler =
                                new ProcessSampler(targets(stack, passthrough), pending.window());
                        LatencyProbe states =
                                new LatencyProbe(
                                        bootstrap,
                                        Topics.USER_STATE,
                                        VersionReader.of(UserState.class, "version"),
                                        pending,
                                        PendingEvents.Stage.USER_STATE);
                        LatencyProbe lists =
                                new LatencyProbe(
                                        bootstrap,
                                        Topics.RECOMMENDATIONS,
                                        VersionReader.of(Recommendations.class, "userStateVersion"),
                                        pending,
                                        PendingEvents.Stage.RECOMMENDATIONS);
                        KafkaProducer<String, ClickEvent> producer =
                                new KafkaProducer<>(
                                        producerSettings(bootstrap),
                                        new StringSerializer(),
                                        PerchSerdes.serializer(ClickEvent.class))) {
                    prime(pipeline, producer, parsers, pending, console);
                    if (!skipThroughput) {
                        throughput =
                                throughput(pipeline, producer, parsers, sampler, console, null);
                        settle(pipeline, console);
                    }
                    try (EventFileStream stream =
                            new EventFileStream(
                                    events, parsers, true, benchModel.skippedEvents())) {
                        if (jitWarmupSeconds > 0 && !rates.isEmpty()) {
                            jitWarmUp =
                                    latencyPhase(
                                            "JIT warm-up",
                                            pipeline,
                                            jitWarmupRate,
                                            jitWarmupSeconds,
                                            0,
                                            stream,
                                            producer,
                                            pending,
                                            sampler,
                                            console);
                            settle(pipeline, console);
                        }
                        for (int i = 0; i < rates.size(); i++) {
                            phases.add(
                                    latencyPhase(
                                            "latency",
                                            pipeline,
                                            rates.get(i),
                                            phaseSeconds,
                                            warmupSeconds,
                                            stream,
                                            producer,
                                            pending,
                                            sampler,
                                            console));
                            if (i < rates.size() - 1) {
                                settle(pipeline, console);
                            }
                        }
                    }
                    if (stagesAlone) {
                        settle(pipeline, console);
                        try (Pause paused = Pause.of(pipeline.modelServers())) {
                            alone =
                                    throughput(
                                            pipeline, producer, parsers, sampler, console, paused);
                        }
                    }
                }
            }
        } finally {
            if (passthrough != null) {
                passthrough.stop(Duration.ofSeconds(5));
            }
            if (temporary) {
                BenchFiles.deleteRecursively(data);
            }
        }
        BenchReport report =
                new BenchReport(
                        BenchReport.Machine.current(),
                        commandLine(),
                        events.getFileName().toString(),
                        prepared.report(),
                        throughput,
                        alone,
                        jitWarmUp,
                        phases,
                        BenchReport.highestRateUnderOneSecond(phases));
        report.write(out);
        console.println();
        console.println(report.markdown());
        console.printf("wrote %s and %s%n", out.resolve("bench.json"), out.resolve("bench.md"));
        console.flush();
        return 0;
    }

    /** The running processes and how to read their progress. */
    private record Pipeline(LocalStack stack, TopicCounter counter, ServiceProcess passthrough) {
        /** Records written so far to the topics the pipeline and the passthrough write. */
        long outputs() throws Exception {
            return counter.endOffsets(Topics.USER_STATE)
                    + counter.endOffsets(Topics.RECOMMENDATIONS)
                    + counter.endOffsets(PASSTHROUGH_TOPIC);
        }

        /** The model servers' processes. */
        List<ProcessHandle> modelServers() {
            List<ProcessHandle> out = new ArrayList<>();
            for (ServiceProcess service : stack.services()) {
                if (service.name().startsWith("model-server")) {
                    out.add(service.handle());
                }
            }
            return out;
        }

        /** What the consumers that commit often (model server, passthrough) have left to read. */
        long lag() throws Exception {
            return counter.lag(ModelServerConfig.DEFAULT_APPLICATION_ID, Topics.USER_STATE)
                    + counter.lag(Passthrough.GROUP, Topics.EVENTS);
        }

        void failIfDead() throws IOException {
            BenchCommand.failIfDead(stack);
            if (!passthrough.isAlive()) {
                throw new IOException(
                        "the Kafka passthrough exited with code "
                                + passthrough.exitCode()
                                + ":\n"
                                + passthrough.tail(20));
            }
        }
    }

    /**
     * A backlog of the file's first {@code --limit} events (after the training events), produced at
     * once, and each stage's records/s until it has gone through. {@code paused}: the model
     * servers, stopped, are let go on once the stream jobs have written the backlog's states (or
     * stood still for the quiet period), and their seconds count from then; null: all stages run at
     * once.
     */
    private BenchReport.Throughput throughput(
            Pipeline pipeline,
            KafkaProducer<String, ClickEvent> producer,
            Supplier<LineParser> parsers,
            ProcessSampler sampler,
            PrintWriter console,
            Pause paused)
            throws Exception {
        TopicCounter counter = pipeline.counter();
        long statesBefore = counter.endOffsets(Topics.USER_STATE);
        long listsBefore = counter.endOffsets(Topics.RECOMMENDATIONS);
        long copiedBefore = counter.endOffsets(PASSTHROUGH_TOPIC);
        long deadBefore = counter.endOffsets(Topics.DEAD_LETTER);
        long consumedBefore =
                counter.committed(ModelServerConfig.DEFAULT_APPLICATION_ID, Topics.USER_STATE);
        say(
                console,
                "%s: producing %s events of the file at once%s ...",
                paused == null ? "throughput" : "each stage alone (model servers stopped)",
                limit == 0 ? "all" : String.format(Locale.US, "%,d", limit),
                benchModel.skippedEvents() == 0
                        ? ""
                        : String.format(
                                Locale.US,
                                " (after the %,d training events)",
                                benchModel.skippedEvents()));
        sampler.start();
        long start = System.nanoTime();
        AtomicLong failed = new AtomicLong();
        long runBits = ThreadLocalRandom.current().nextLong();
        long produced = 0;
        try (EventFileStream stream =
                new EventFileStream(events, parsers, false, benchModel.skippedEvents())) {
            for (ClickEvent e = stream.next();
                    e != null && (limit == 0 || produced < limit);
                    e = stream.next()) {
                if (paused != null) {
                    // the pipeline has seen these events (the first backlog) and newer ones (the
                    // rates): sent again with their own times and ids they would be refused as
                    // too old and as duplicates, so they get fresh ones, as the rates' events do
                    e.setEventId(eventId(runBits, produced));
                    e.setEventTime(Instant.now());
                }
                e.setReceivedTime(Instant.now());
                producer.send(
                        new ProducerRecord<>(Topics.EVENTS, e.getUserId(), e),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                        });
                produced++;
            }
        }
        producer.flush();
        double produceSeconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            throw new IOException(failed.get() + " of the backlog's sends failed");
        }
        say(
                console,
                "produced %,d events in %.1f s; waiting for the outputs ...",
                produced,
                produceSeconds);
        Follow states = new Follow(start);
        Follow copied = new Follow(start);
        long resumed = start;
        if (paused != null) {
            // the stream jobs alone: every event became a state or a dead letter, or nothing moved
            // for the quiet period
            DrainDetector written = new DrainDetector(QUIET, System.nanoTime(), BACKLOG_TIMEOUT);
            DrainDetector.Verdict verdict;
            do {
                TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
                pipeline.failIfDead();
                long now = System.nanoTime();
                long stateCount = counter.endOffsets(Topics.USER_STATE) - statesBefore;
                long dead = counter.endOffsets(Topics.DEAD_LETTER) - deadBefore;
                states.update(stateCount, now);
                copied.update(counter.endOffsets(PASSTHROUGH_TOPIC) - copiedBefore, now);
                verdict =
                        written.observe(
                                now, Math.max(0, produced - stateCount - dead), stateCount, -1);
            } while (verdict == DrainDetector.Verdict.WAITING);
            say(
                    console,
                    "  user states %,d written in %.1f s with the model servers stopped;"
                            + " letting them go on ...",
                    states.count,
                    states.seconds());
            paused.resume();
            resumed = System.nanoTime();
        }
        Follow consumed = new Follow(resumed);
        Follow lists = new Follow(resumed);
        DrainDetector drain = new DrainDetector(QUIET, System.nanoTime(), BACKLOG_TIMEOUT);
        long lastReport = System.nanoTime();
        DrainDetector.Verdict verdict;
        do {
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
            pipeline.failIfDead();
            long now = System.nanoTime();
            states.update(counter.endOffsets(Topics.USER_STATE) - statesBefore, now);
            lists.update(counter.endOffsets(Topics.RECOMMENDATIONS) - listsBefore, now);
            copied.update(counter.endOffsets(PASSTHROUGH_TOPIC) - copiedBefore, now);
            consumed.update(
                    counter.committed(ModelServerConfig.DEFAULT_APPLICATION_ID, Topics.USER_STATE)
                            - consumedBefore,
                    now);
            verdict = drain.observe(now, -1, pipeline.outputs(), pipeline.lag());
            if (now - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                say(
                        console,
                        "  user states %,d, consumed by the model server %,d, lists %,d,"
                                + " passthrough %,d",
                        states.count,
                        consumed.count,
                        lists.count,
                        copied.count);
                lastReport = now;
            }
        } while (verdict == DrainDetector.Verdict.WAITING);
        List<ProcessSampler.Usage> usage = sampler.stop();
        return new BenchReport.Throughput(
                produced,
                round(produceSeconds),
                states.count,
                round(states.seconds()),
                round(states.perSecond()),
                consumed.count,
                round(consumed.seconds()),
                round(consumed.perSecond()),
                lists.count,
                round(lists.seconds()),
                round(lists.perSecond()),
                copied.count,
                round(copied.seconds()),
                round(copied.perSecond()),
                counter.endOffsets(Topics.DEAD_LETTER) - deadBefore,
                verdict == DrainDetector.Verdict.DRAINED,
                paused != null,
                usage,
                BenchReport.Cost.of(produced, usage),
                BenchReport.Machine.loadAverage());
    }

    /** A growing count, when it started and when it last changed. */
    private static final class Follow {
        final long start;
        long count;
        long lastChange;

        Follow(long start) {
            this.start = start;
            this.lastChange = start;
        }

        void update(long newCount, long now) {
            if (newCount != count) {
                count = newCount;
                lastChange = now;
            }
        }

        double seconds() {
            return (lastChange - start) / 1e9;
        }

        double perSecond() {
            return seconds() > 0 ? count / seconds() : 0;
        }
    }

    private BenchReport.RatePhase latencyPhase(
            String name,
            Pipeline pipeline,
            int rate,
            int phaseSeconds,
            int warmupSeconds,
            EventFileStream stream,
            KafkaProducer<String, ClickEvent> producer,
            PendingEvents pending,
            ProcessSampler sampler,
            PrintWriter console)
            throws Exception {
        say(
                console,
                "%s: %,d events/s for %d s (+%d s warm-up) ...",
                name,
                rate,
                phaseSeconds,
                warmupSeconds);
        long deadBefore = pipeline.counter().endOffsets(Topics.DEAD_LETTER);
        long warmup = (long) rate * warmupSeconds;
        SendSchedule schedule = new SendSchedule(rate, warmup + (long) rate * phaseSeconds);
        long runBits = ThreadLocalRandom.current().nextLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long wallStart = System.currentTimeMillis();
        pending.reset(
                start + schedule.intendedNanos(warmup),
                start + schedule.intendedNanos(schedule.total()));
        long measuredStart = 0;
        long k = 0;
        long lastCheck = start;
        while (k < schedule.total()) {
            long elapsed = System.nanoTime() - start;
            long due = schedule.dueBy(elapsed);
            for (; k < due; k++) {
                if (k == warmup) {
                    sampler.start();
                    measuredStart = System.nanoTime();
                }
                ClickEvent event = stream.next();
                long intended = schedule.intendedNanos(k);
                long eventTime =
                        pending.sent(
                                event.getUserId(),
                                start + intended,
                                wallStart + intended / 1_000_000);
                event.setEventId(eventId(runBits, k));
                event.setEventTime(Instant.ofEpochMilli(eventTime));
                event.setReceivedTime(Instant.now());
                producer.send(
                        new ProducerRecord<>(Topics.EVENTS, event.getUserId(), event),
                        (metadata, error) -> {
                            if (error != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            long now = System.nanoTime();
            if (now - lastCheck > TimeUnit.SECONDS.toNanos(1)) {
                pipeline.failIfDead();
                lastCheck = now;
            }
            if (k < schedule.total()) {
                // wake for the next event, at least a millisecond on: one wake-up per millisecond
                // at high rates instead of one per event
                LockSupport.parkNanos(
                        Math.max(
                                TimeUnit.MILLISECONDS.toNanos(1),
                                schedule.nanosUntil(k, now - start)));
            }
        }
        producer.flush();
        long sendEnd = System.nanoTime();
        if (measuredStart == 0) {
            sampler.start();
            measuredStart = sendEnd;
        }
        double sendSeconds = (sendEnd - measuredStart) / 1e9;
        long measured = schedule.total() - warmup;
        if (failed.get() > 0) {
            throw new IOException(failed.get() + " sends failed at " + rate + " events/s");
        }
        DrainDetector drain = new DrainDetector(QUIET, sendEnd, Duration.ofSeconds(drainSeconds));
        DrainDetector.Verdict verdict;
        do {
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
            pipeline.failIfDead();
            long outstanding =
                    Math.max(
                            pending.outstanding(PendingEvents.Stage.USER_STATE),
                            pending.outstanding(PendingEvents.Stage.RECOMMENDATIONS));
            verdict =
                    drain.observe(
                            System.nanoTime(), outstanding, pipeline.outputs(), pipeline.lag());
        } while (verdict == DrainDetector.Verdict.WAITING);
        long cut = System.nanoTime();
        pending.cutOff(cut);
        List<ProcessSampler.Usage> usage = sampler.stop();
        BenchReport.RatePhase phase =
                new BenchReport.RatePhase(
                        rate,
                        round(measured / sendSeconds),
                        round(sendSeconds),
                        measured,
                        pending.users(),
                        BenchReport.Latency.of(
                                pending.latencies(PendingEvents.Stage.USER_STATE),
                                pending.uncovered(PendingEvents.Stage.USER_STATE)),
                        BenchReport.Latency.of(
                                pending.latencies(PendingEvents.Stage.RECOMMENDATIONS),
                                pending.uncovered(PendingEvents.Stage.RECOMMENDATIONS)),
                        round((cut - sendEnd) / 1e9),
                        verdict == DrainDetector.Verdict.DRAINED,
                        pipeline.counter().endOffsets(Topics.DEAD_LETTER) - deadBefore,
                        usage,
                        BenchReport.Cost.of(measured, usage),
                        BenchReport.Machine.loadAverage(),
                        BenchReport.Window.of(
                                pending.timeline(PendingEvents.Stage.USER_STATE), pending.window()),
                        BenchReport.Window.of(
                                pending.timeline(PendingEvents.Stage.RECOMMENDATIONS),
                                pending.window()));
        say(
                console,
                "  event->user state p50 %.1f ms p99 %.1f ms; event->recommendations p50 %.1f ms"
                        + " p99 %.1f ms (%,d events, %,d without a list); pipeline %.1f µs/event"
                        + " = %.1f x passthrough; bench %.2f cores",
                phase.eventToUserState().p50(),
                phase.eventToUserState().p99(),
                phase.eventToRecommendation().p50(),
                phase.eventToRecommendation().p99(),
                measured,
                phase.eventToRecommendation().uncovered(),
                phase.cost().pipelineMicrosPerEvent(),
                phase.cost().pipelineOverPassthrough(),
                phase.cost().benchCores());
        return phase;
    }

    /**
     * Sends a few events and waits until each has its recommendation list: the services report
     * ready when they have started, not when every task consumes (Flink deploys its tasks and loads
     * the catalog after the job is submitted), and no phase may start while they catch up.
     */
    private void prime(
            Pipeline pipeline,
            KafkaProducer<String, ClickEvent> producer,
            Supplier<LineParser> parsers,
            PendingEvents pending,
            PrintWriter console)
            throws Exception {
        say(console, "priming: %d events, waiting until each has its list ...", PRIMING_EVENTS);
        long start = System.nanoTime();
        long wallStart = System.currentTimeMillis();
        pending.reset(Long.MAX_VALUE, Long.MAX_VALUE); // nothing measured
        long runBits = ThreadLocalRandom.current().nextLong();
        try (EventFileStream stream =
                new EventFileStream(events, parsers, true, benchModel.skippedEvents())) {
            for (int k = 0; k < PRIMING_EVENTS; k++) {
                ClickEvent event = stream.next();
                long eventTime = pending.sent(event.getUserId(), start, wallStart);
                event.setEventId(eventId(runBits, k));
                event.setEventTime(Instant.ofEpochMilli(eventTime));
                event.setReceivedTime(Instant.now());
                producer.send(new ProducerRecord<>(Topics.EVENTS, event.getUserId(), event));
            }
        }
        producer.flush();
        long deadline = start + PRIMING_TIMEOUT.toNanos();
        while (pending.outstanding(PendingEvents.Stage.RECOMMENDATIONS) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        pending.outstanding(PendingEvents.Stage.RECOMMENDATIONS)
                                + " of the priming events got no recommendation list within "
                                + PRIMING_TIMEOUT.toMinutes()
                                + " minutes: the pipeline does not work");
            }
            pipeline.failIfDead();
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
        }
        say(
                console,
                "  every priming event has its list after %.1f s",
                (System.nanoTime() - start) / 1e9);
        settle(pipeline, console);
    }

    /**
     * Waits, unmeasured, until the pipeline has no lag and its outputs stand still, so the next
     * phase does not start on what is left of this one.
     */
    private static void settle(Pipeline pipeline, PrintWriter console) throws Exception {
        long start = System.nanoTime();
        DrainDetector drain = new DrainDetector(QUIET, start, SETTLE_TIMEOUT);
        DrainDetector.Verdict verdict;
        do {
            TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
            pipeline.failIfDead();
            verdict = drain.observe(System.nanoTime(), -1, pipeline.outputs(), pipeline.lag());
        } while (verdict == DrainDetector.Verdict.WAITING);
        say(
                console,
                "  pipeline %s after %.1f s",
                verdict == DrainDetector.Verdict.DRAINED ? "drained" : "still busy (gave up)",
                (System.nanoTime() - start) / 1e9);
    }

    /** A distinct UUID per event of a phase, cheap to make (no hashing, no secure random). */
    static String eventId(long runBits, long k) {
        long msb = (runBits & ~0xF000L) | 0x4000L; // version 4
        long lsb = (k & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(msb, lsb).toString();
    }

    private ServiceProcess startPassthrough(String bootstrap, Path data) throws Exception {
        ServiceProcess process =
                ServiceProcess.start(
                        BenchReport.PASSTHROUGH,
                        JavaLauncher.fromSystemProperties()
                                .onOwnClassPath(
                                        "256m",
                                        Passthrough.class.getName(),
                                        List.of(bootstrap, Topics.EVENTS, PASSTHROUGH_TOPIC)),
                        data.resolve("logs").resolve("passthrough.log"));
        process.awaitLogLine(PASSTHROUGH_READY, Duration.ofMinutes(1));
        return process;
    }

    private static List<ProcessSampler.Target> targets(
            LocalStack stack, ServiceProcess passthrough) {
        List<ProcessSampler.Target> targets = new ArrayList<>();
        Set<Long> services = new HashSet<>();
        services.add(passthrough.pid());
        for (ServiceProcess service : stack.services()) {
            services.add(service.pid());
        }
        ProcessHandle.current()
                .children()
                .filter(child -> !services.contains(child.pid()))
                .findFirst()
                .ifPresent(
                        broker ->
                                targets.add(
                                        new ProcessSampler.Target(
                                                BenchReport.KAFKA, broker.pid(), true)));
        for (ServiceProcess service : stack.services()) {
            targets.add(new ProcessSampler.Target(service.name(), service.pid(), true));
        }
        targets.add(new ProcessSampler.Target(BenchReport.PASSTHROUGH, passthrough.pid(), true));
        // the benchmark's own JVM only: its children are the processes it measures
        targets.add(
                new ProcessSampler.Target(BenchReport.BENCH, ProcessHandle.current().pid(), false));
        return targets;
    }

    /**
     * Every item of the file, with the model's embedding where it has one (marked with the model's
     * version), so that the stream jobs build user vectors in the model's space, as {@code perch
     * train --publish} and the demo do.
     */
    private static void publishCatalog(
            Producer<String, Item> producer,
            Set<String> items,
            BenchModel.Prepared model,
            PrintWriter console) {
        Instant now = Instant.now();
        long embedded = 0;
        for (String itemId : items) {
            Item item =
                    Item.newBuilder()
                            .setItemId(itemId)
                            .setAvailable(true)
                            .setUpdatedAt(now)
                            .build();
            float[] embedding = model.embeddings().get(itemId);
            if (embedding != null) {
                List<Float> values = new ArrayList<>(embedding.length);
                for (float value : embedding) {
                    values.add(value);
                }
                item.setEmbedding(values);
                item.setEmbeddingVersion(model.report().version());
                embedded++;
            }
            producer.send(new ProducerRecord<>(Topics.ITEMS, itemId, item));
        }
        producer.flush();
        say(
                console,
                "published a catalog of %,d items to %s (%,d with the model's embeddings)",
                items.size(),
                Topics.ITEMS,
                embedded);
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

    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        int at = args.indexOf(spec.name());
        return "bin/perch bench " + String.join(" ", args.subList(at + 1, args.size()));
    }

    private static void say(PrintWriter console, String format, Object... args) {
        console.printf(Locale.US, format + "%n", args);
        console.flush();
    }

    private static void failIfDead(LocalStack stack) throws IOException {
        ServiceProcess dead = stack.firstDead();
        if (dead != null) {
            throw new IOException(
                    dead.name() + " exited with code " + dead.exitCode() + ":\n" + dead.tail(20));
        }
    }

    /** Checks the options and sets {@link #benchModel}; a usage error otherwise. */
    void validate() {
        if (!Files.isReadable(events)) {
            throw new ParameterException(
                    spec.commandLine(), "--events: no readable file at " + events.toAbsolutePath());
        }
        if (phaseSeconds < 1
                || warmupSeconds < 0
                || limit < 0
                || drainSeconds < 1
                || jitWarmupSeconds < 0
                || jitWarmupRate < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--phase-seconds >= 1, --warmup-seconds >= 0, --limit >= 0,"
                            + " --drain-seconds >= 1, --jit-warmup-seconds >= 0,"
                            + " --jit-warmup-rate >= 1");
        }
        for (int rate : rates) {
            if (rate < 1) {
                throw new ParameterException(
                        spec.commandLine(), "--rates must be positive: " + rate);
            }
        }
        if (modelServers < 1 || modelServers > partitions) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--model-servers must be between 1 and --partitions (" + partitions + ")");
        }
        try {
            benchModel = BenchModel.of(model, trainEvents, trainMinutes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
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
