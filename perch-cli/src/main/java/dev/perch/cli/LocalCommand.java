package dev.perch.cli;

import dev.perch.cli.local.DemoModel;
import dev.perch.cli.local.LocalOptions;
import dev.perch.cli.local.LocalStack;
import dev.perch.demo.ClickSimulator;
import dev.perch.demo.DemoData;
import dev.perch.events.Topics;
import dev.perch.events.files.EventFileFormat;
import dev.perch.model.ModelArtifact;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code perch local}: the whole engine on one machine, as separate supervised processes: a Kafka
 * broker (KRaft), the Flink stream jobs on a local cluster, the model server and the collector with
 * the demo storefront; a demo catalog and click simulator, or a replayed file, feed it. Ctrl-C
 * stops everything and keeps the data directory, so the next start resumes.
 */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        versionProvider = PerchVersion.class,
        sortOptions = false,
        description = {
            "Run Perch on this machine: Kafka (KRaft), the Flink stream jobs, the model server and"
                    + " the collector with the demo storefront, each in its own process, until"
                    + " Ctrl-C.",
            "Data (broker log, Flink checkpoints, feature store, models, logs) is kept in"
                    + " --data-dir and resumed by the next run. With $PERCH_KAFKA_BOOTSTRAP set,"
                    + " that cluster is used instead of a local broker.",
            ""
        },
        footer = {
            "",
            "A process that dies is restarted (with backoff, logged); Ctrl-C stops the collector,"
                    + " the model server, the stream jobs (final checkpoint), then Kafka.",
            "Exit codes: 0 stopped cleanly, 1 failed to start or a process kept dying, 2 usage"
                    + " error."
        })
public final class LocalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "data",
            description = "Where every process keeps its data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description =
                    "Kafka client port on 127.0.0.1; 0 = any free port (default:"
                            + " ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "Collector and demo storefront port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(
            names = "--listen",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description =
                    "Address the collector and demo storefront listen on; 0.0.0.0 opens them to"
                            + " the network. The model server, Flink and Kafka stay on loopback"
                            + " (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(
            names = "--model-server-port",
            paramLabel = "PORT",
            defaultValue = "8081",
            description = "Model server HTTP port (default: ${DEFAULT-VALUE}).")
    int modelServerPort;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "3",
            description = "Partitions of each Perch topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "1",
            description = "Parallelism of the Flink jobs (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--broker-heap",
            paramLabel = "SIZE",
            defaultValue = "512m",
            description =
                    "Heap of the broker JVM, all of it from the start (default:"
                            + " ${DEFAULT-VALUE}).")
    String brokerHeap;

    @Option(
            names = "--events",
            paramLabel = "FILE",
            description =
                    "Replay this click-stream file (with --format) instead of the demo catalog and"
                            + " click simulator.")
    Path events;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            converter = EventFileFormats.Converter.class,
            completionCandidates = EventFileFormats.Names.class,
            description = "Format of --events: ${COMPLETION-CANDIDATES}.")
    EventFileFormat format;

    @Option(
            names = "--rate",
            paramLabel = "EVENTS_PER_S",
            defaultValue = "200",
            description =
                    "Replay rate of --events (default: ${DEFAULT-VALUE}; 0 = as fast as possible).")
    double rate;

    @Option(
            names = "--demo-rate",
            paramLabel = "EVENTS_PER_S",
            defaultValue = "5",
            description =
                    "Events per second of the demo click simulator; 0 = none (default:"
                            + " ${DEFAULT-VALUE}).")
    double demoRate;

    @Option(
            names = "--broker-only",
            description = "Start only the broker and the topics (for tools like replay).")
    boolean brokerOnly;

    @Option(
            names = "--exit-after-start",
            description = "Stop again as soon as everything runs (for scripts and tests).")
    boolean exitAfterStart;

    @Override
    public Integer call() throws Exception {
        LocalOptions options = options();
        options.requireFreePorts(!brokerOnly, LocalStack.startsItsOwnBroker(options));
        PrintWriter out = spec.commandLine().getOut();
        LocalStack stack = LocalStack.startBroker(options, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopOnExit =
                new Thread(
                        () -> {
                            stack.close();
                            stopped.countDown();
                        },
                        "perch-local-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            String bootstrap = stack.bootstrap();
            printTopics(bootstrap, out);
            if (!brokerOnly) {
                if (events == null) {
                    ModelArtifact model = DemoModel.ensure(stack.dataDir().resolve("models"), out);
                    int items =
                            DemoData.publishCatalog(
                                    bootstrap, model.readEmbeddings(), model.version());
                    out.printf(
                            "published the demo catalog with the model's embeddings: %d items to"
                                    + " %s%n",
                            items, Topics.ITEMS);
                }
                stack.startServices(true);
                startWorkload(stack, out);
                out.printf("ready: demo storefront at %s%n", stack.collectorUrl());
                out.printf(
                        "       recommendations at %s/v1/users/{id}/recommendations (loopback"
                                + " only)%n",
                        stack.modelServerUrl());
                out.printf(
                        "       through the collector with the read key in %s (header %s)%n",
                        stack.secrets().readKeysFile(), dev.perch.access.ReadAccess.KEY_HEADER);
            } else {
                out.printf(
                        "ready: try  bin/perch replay --bootstrap %s --format ... --events ...%n",
                        bootstrap);
            }
            if (exitAfterStart) {
                out.println("stopping (--exit-after-start)");
                out.flush();
                stopNow(stack, stopOnExit);
                return 0;
            }
            stack.superviseChildren();
            out.println("press Ctrl-C to stop (a process that dies is restarted)");
            out.flush();
            while (!stopped.await(1, TimeUnit.SECONDS)) {
                if (stack.gaveUp() != null) {
                    stopNow(stack, stopOnExit);
                    return PerchCli.EXIT_FAILURE;
                }
            }
            return 0;
        } catch (Exception | Error e) {
            stopNow(stack, stopOnExit);
            throw e;
        }
    }

    /** The demo click simulator, or a replay of --events as a supervised child process. */
    private void startWorkload(LocalStack stack, PrintWriter out) throws Exception {
        if (events != null) {
            stack.startReplay(events, format, rate);
            out.printf(
                    "replaying %s (%s) at %s events/s; progress in %s%n",
                    events,
                    format.cliName(),
                    rate == 0 ? "max" : Double.toString(rate),
                    stack.dataDir().resolve("logs/replay.log"));
        } else if (demoRate > 0) {
            stack.onClose(ClickSimulator.start(stack.bootstrap(), demoRate));
            out.printf(
                    "demo click simulator: %s events/s from %d simulated shoppers%n",
                    demoRate, ClickSimulator.DEFAULT_SHOPPERS);
        }
    }

    private LocalOptions options() {
        if (events != null && (format == null || !Files.isReadable(events))) {
            throw new ParameterException(
                    spec.commandLine(), "--events needs a readable file and --format");
        }
        if (format != null && events == null) {
            throw new ParameterException(spec.commandLine(), "--format goes with --events");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new ParameterException(spec.commandLine(), "--rate must be >= 0, got " + rate);
        }
        if (!(demoRate >= 0) || Double.isInfinite(demoRate)) {
            throw new ParameterException(
                    spec.commandLine(), "--demo-rate must be >= 0, got " + demoRate);
        }
        try {
            return new LocalOptions(
                    dataDir,
                    port,
                    partitions,
                    brokerHeap,
                    "1g",
                    "768m",
                    parallelism,
                    modelServerPort,
                    httpPort,
                    listen);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static void stopNow(LocalStack stack, Thread stopOnExit) {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook is running and stops everything
        }
        stack.close();
    }

    /** Lists the Perch topics as the broker describes them (so what is printed really exists). */
    private static void printTopics(String bootstrap, PrintWriter out) throws Exception {
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "perch-local");
        try (Admin admin = Admin.create(settings)) {
            Map<String, TopicDescription> found =
                    new TreeMap<>(
                            admin.describeTopics(Topics.ALL)
                                    .allTopicNames()
                                    .get(30, TimeUnit.SECONDS));
            out.println("topics:");
            for (String name : Topics.ALL) {
                TopicDescription topic = found.get(name);
                out.printf(
                        "  %-24s %d partition(s)%s%n",
                        name,
                        topic.partitions().size(),
                        Topics.COMPACTED.contains(name) ? ", compacted" : "");
            }
        }
    }
}
