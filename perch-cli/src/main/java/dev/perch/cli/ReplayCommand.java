package dev.perch.cli;

import dev.perch.access.KafkaClientProperties;
import dev.perch.cli.replay.DeadLetterPublisher;
import dev.perch.cli.replay.EventReplayer;
import dev.perch.cli.replay.RatePacer;
import dev.perch.cli.replay.ReplayResult;
import dev.perch.cli.replay.ReplaySummary;
import dev.perch.events.ClickEvent;
import dev.perch.events.DeadLetter;
import dev.perch.events.Topics;
import dev.perch.events.files.AderPeriodsFormat;
import dev.perch.events.files.ClickStreamFormat;
import dev.perch.events.files.EventFileFormat;
import dev.perch.events.files.EventFileLoader;
import dev.perch.events.files.LineParser;
import dev.perch.events.files.LoadedEvents;
import dev.perch.events.files.LoadedFile;
import dev.perch.events.files.RejectedLine;
import dev.perch.events.serde.PerchSerdes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code perch replay}: reads a recorded click stream, sorts it by event time and produces it to
 * {@code perch.events} as Avro, keyed by user, at a given rate; malformed lines become dead
 * letters.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        versionProvider = PerchVersion.class,
        sortOptions = false,
        description = {
            "Produce a recorded click stream to Kafka as Avro ClickEvents, keyed by user, in"
                    + " event-time order.",
            "The whole file is read and sorted in memory first (about 30 bytes per event plus the"
                    + " file's size: RetailRocket's 2.76 M events need about 200 MB of heap).",
            "Malformed lines are counted, reported and sent to the dead-letter topic; they never"
                    + " stop the replay.",
            ""
        },
        footer = {
            "",
            "Example:",
            "  perch replay --format retailrocket --events events.csv \\",
            "      --bootstrap localhost:9092 --rate 5000",
            "",
            "Exit codes: 0 every event acknowledged, 1 some event not acknowledged or another"
                    + " failure, 2 usage error."
        })
public final class ReplayCommand implements Callable<Integer> {
    private static final Duration ACK_TIMEOUT = Duration.ofMinutes(3);
    private static final int PROGRESS_EVERY = 512;

    @Spec CommandSpec spec;

    @Option(
            names = {"-f", "--format"},
            required = true,
            paramLabel = "FORMAT",
            converter = EventFileFormats.Converter.class,
            completionCandidates = EventFileFormats.Names.class,
            description = "The file format: ${COMPLETION-CANDIDATES}.")
    EventFileFormat format;

    @Option(
            names = {"-e", "--events"},
            required = true,
            paramLabel = "FILE",
            description = "The click-stream file (may be gzip-compressed, name ending in .gz).")
    Path events;

    @Option(
            names = {"-b", "--bootstrap"},
            paramLabel = "HOST:PORT",
            defaultValue = "${env:PERCH_KAFKA_BOOTSTRAP:-localhost:9092}",
            description =
                    "Kafka bootstrap servers (default: $PERCH_KAFKA_BOOTSTRAP or localhost:9092).")
    String bootstrap;

    @Option(
            names = {"-r", "--rate"},
            paramLabel = "EVENTS_PER_S",
            defaultValue = "0",
            description = "Events per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = {"-n", "--limit"},
            paramLabel = "N",
            defaultValue = "0",
            description = "Produce only the first N events in event-time order; 0 = all.")
    long limit;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            defaultValue = Topics.EVENTS,
            converter = TopicNames.Converter.class,
            description = "Topic for the events (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--dead-letter-topic",
            paramLabel = "TOPIC",
            defaultValue = Topics.DEAD_LETTER,
            converter = TopicNames.Converter.class,
            description = "Topic for rejected lines (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(
            names = "--no-dead-letters",
            description = "Only count and report rejected lines; send nothing to Kafka for them.")
    boolean noDeadLetters;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Option(
            names = "--examples",
            paramLabel = "N",
            defaultValue = "5",
            description =
                    "How many rejected lines to show in the summary (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(
            names = "--synthetic-start",
            paramLabel = "INSTANT",
            defaultValue = AderPeriodsFormat.DEFAULT_START_TEXT,
            converter = InstantConverter.class,
            description =
                    "ader-periods only: event time of line 1, ISO-8601 (default:"
                            + " ${DEFAULT-VALUE}).")
    Instant syntheticStart;

    @Option(
            names = "--synthetic-interval-ms",
            paramLabel = "MS",
            defaultValue = AderPeriodsFormat.DEFAULT_INTERVAL_MS_TEXT,
            description =
                    "ader-periods only: milliseconds between consecutive lines (default:"
                            + " ${DEFAULT-VALUE}).")
    long syntheticIntervalMs;

    @Option(
            names = {"-P", "--producer-property"},
            paramLabel = "KEY=VALUE",
            description =
                    "Extra Kafka producer setting (repeatable), e.g. -P compression.type=zstd.")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            defaultValue = "${env:" + KafkaClientProperties.ENV + "}",
            description =
                    "Kafka client properties file (security.protocol, SASL, TLS; passwords belong"
                            + " here, not in -P) (default: $"
                            + KafkaClientProperties.ENV
                            + ").")
    Path kafkaProperties;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        BrokerCheck.requireReachable(bootstrap, topic, securitySettings(), out);
        ClickStreamFormat fileFormat =
                format.create(syntheticStart, Duration.ofMillis(syntheticIntervalMs));
        LineParser parser = fileFormat.newParser();
        try (DeadLetterPublisher deadLetters =
                new DeadLetterPublisher(
                        this::deadLetterProducer,
                        deadLetterTopic,
                        events.getFileName().toString(),
                        Clock.systemUTC())) {
            Consumer<RejectedLine> onReject = noDeadLetters ? line -> {} : deadLetters;
            LoadedFile loaded = load(parser, onReject, out);
            int[] order = sort(loaded.events(), out);
            ReplayResult result = produce(loaded.events(), order, parser);
            boolean deadLettersDone = deadLetters.flush(ACK_TIMEOUT);
            out.println(ReplaySummary.headline(result, loaded.rejects()));
            ReplaySummary.examples(loaded.rejects()).forEach(out::println);
            boolean ok = result.complete();
            ok &= reportDeadLetters(deadLetters, deadLettersDone, loaded.rejects().total(), out);
            if (!result.complete()) {
                spec.commandLine()
                        .getErr()
                        .printf(
                                Locale.US,
                                "replay: %,d of %,d events were not acknowledged; first failure:"
                                        + " %s%n",
                                result.sent() - result.acknowledged(),
                                result.sent(),
                                result.firstFailure());
            }
            out.flush();
            spec.commandLine().getErr().flush();
            return ok ? 0 : PerchCli.EXIT_FAILURE;
        }
    }

    private void validate() {
        for (String key : producerProperties.keySet()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.contains("password") || lower.contains("jaas") || lower.endsWith(".key")) {
                throw new ParameterException(
                        spec.commandLine(),
                        "-P "
                                + key
                                + ": a secret on the command line shows in ps; put it in the"
                                + " --kafka-properties file");
            }
        }
        if (!Files.isRegularFile(events) || !Files.isReadable(events)) {
            throw new ParameterException(
                    spec.commandLine(), "--events: no readable file at " + events.toAbsolutePath());
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new ParameterException(spec.commandLine(), "--rate must be >= 0, got " + rate);
        }
        if (limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must be >= 0, got " + limit);
        }
        if (syntheticIntervalMs < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--synthetic-interval-ms must be >= 1");
        }
        if (examples < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--examples must be >= 0, got " + examples);
        }
        if (syntheticStart.toEpochMilli() <= 0) {
            throw new ParameterException(
                    spec.commandLine(), "--synthetic-start must be after 1970-01-01");
        }
    }

    private LoadedFile load(LineParser parser, Consumer<RejectedLine> onReject, PrintWriter out)
            throws java.io.IOException {
        out.printf("reading %s as %s%n", events, format.cliName());
        out.flush();
        long start = System.nanoTime();
        LoadedFile loaded = new EventFileLoader(parser, onReject, examples).load(events);
        out.printf(
                Locale.US,
                "read %,d lines in %.1f s: %,d events, %,d rejected, %,d skipped (%,d MB held)%n",
                loaded.lines(),
                (System.nanoTime() - start) / 1e9,
                loaded.events().size(),
                loaded.rejects().total(),
                loaded.skipped(),
                loaded.events().lineBytes() >> 20);
        out.flush();
        return loaded;
    }

    private static int[] sort(LoadedEvents events, PrintWriter out) {
        long start = System.nanoTime();
        boolean sorted = events.inEventTimeOrder();
        int[] order = events.eventTimeOrder();
        if (sorted) {
            out.println("the file is already in event-time order");
        } else {
            out.printf(
                    Locale.US,
                    "sorted %,d events by event time in %.1f s%n",
                    events.size(),
                    (System.nanoTime() - start) / 1e9);
        }
        out.flush();
        return order;
    }

    private ReplayResult produce(LoadedEvents events, int[] order, LineParser parser)
            throws InterruptedException {
        long total = limit > 0 ? Math.min(limit, order.length) : order.length;
        try (KafkaProducer<String, ClickEvent> producer =
                        new KafkaProducer<>(
                                producerSettings("perch-replay"),
                                new StringSerializer(),
                                PerchSerdes.serializer(ClickEvent.class));
                ProgressBar progress = progressBar(total)) {
            EventReplayer replayer =
                    new EventReplayer(
                            producer,
                            topic,
                            RatePacer.perSecond(rate),
                            Clock.systemUTC(),
                            ACK_TIMEOUT);
            return replayer.replay(
                    events,
                    order,
                    parser,
                    limit,
                    sent -> {
                        if (progress != null && (sent % PROGRESS_EVERY == 0 || sent == total)) {
                            progress.stepTo(sent);
                        }
                    });
        } finally {
            if (!noProgress) {
                System.err.println(); // the bar ends without a line end
                System.err.flush();
            }
        }
    }

    private ProgressBar progressBar(long total) {
        if (noProgress) {
            return null;
        }
        ProgressBarBuilder builder =
                new ProgressBarBuilder()
                        .setTaskName("replay")
                        .setInitialMax(total)
                        .setUnit(" events", 1)
                        .showSpeed()
                        .setStyle(ProgressBarStyle.ASCII);
        if (System.console() == null) {
            // Not a terminal (a log file, a test): fixed width and a slow refresh.
            builder.setConsumer(new ConsoleProgressBarConsumer(System.err, 100))
                    .setUpdateIntervalMillis(5_000);
        } else {
            builder.setConsumer(new ConsoleProgressBarConsumer(System.err));
        }
        return builder.build();
    }

    private boolean reportDeadLetters(
            DeadLetterPublisher deadLetters, boolean done, long rejected, PrintWriter out) {
        if (noDeadLetters || rejected == 0) {
            return true;
        }
        var tracker = deadLetters.tracker();
        if (done && tracker.failed() == 0) {
            out.printf(
                    Locale.US,
                    "sent %,d dead letters to %s%n",
                    tracker.acknowledged(),
                    deadLetterTopic);
            return true;
        }
        spec.commandLine()
                .getErr()
                .printf(
                        Locale.US,
                        "replay: %,d of %,d dead letters to %s were not acknowledged; first"
                                + " failure: %s%n",
                        tracker.sent() - tracker.acknowledged(),
                        tracker.sent(),
                        deadLetterTopic,
                        tracker.firstFailure());
        return false;
    }

    private KafkaProducer<String, DeadLetter> deadLetterProducer() {
        Serializer<DeadLetter> values = PerchSerdes.serializer(DeadLetter.class);
        return new KafkaProducer<>(
                producerSettings("perch-replay-dead-letters"), new StringSerializer(), values);
    }

    Properties producerSettings(String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L << 20));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        KafkaClientProperties.load(kafkaProperties).applyTo(p);
        p.putAll(producerProperties);
        return p;
    }

    private Map<String, String> securitySettings() {
        Map<String, String> security =
                new LinkedHashMap<>(KafkaClientProperties.load(kafkaProperties).asMap());
        producerProperties.forEach(
                (key, value) -> {
                    if (key.startsWith("security.")
                            || key.startsWith("sasl.")
                            || key.startsWith("ssl.")) {
                        security.put(key, value);
                    }
                });
        return security;
    }

    /** The formats section of {@code --help}, generated from {@link EventFileFormat}. */
    static String[] formatsSection() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("");
        lines.add("Formats:");
        for (EventFileFormat f : EventFileFormat.values()) {
            lines.add(String.format(Locale.ROOT, "  %-15s %s", f.cliName(), f.description()));
        }
        return lines.toArray(new String[0]);
    }

    /** Reads an ISO-8601 instant. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return Instant.parse(value);
        }
    }
}
