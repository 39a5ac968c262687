package dev.perch.cli.local;

import dev.perch.kafka.BrokerOptions;
import dev.perch.kafka.KafkaBroker;
import dev.perch.kafka.KafkaBrokers;
import dev.perch.kafka.PerchTopics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Perch's processes on one machine, as in production: a Kafka broker (KRaft, child JVM), the Flink
 * stream jobs on a local cluster (child JVM, their own job jar), the model server and the collector
 * (child JVMs). Started in dependency order, each awaited until ready; closed in reverse order.
 * {@code perch local} and {@code perch bench} both run on it.
 */
public final class LocalStack implements AutoCloseable {
    private static final Pattern STREAM_JOBS_READY = Pattern.compile("stream-jobs running");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final LocalOptions options;
    private final PrintWriter out;
    private final JavaLauncher launcher;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<AutoCloseable> closeFirst = new ArrayList<>();
    private KafkaBroker broker;
    private ServiceProcess replay;
    private volatile boolean closed;

    private LocalStack(LocalOptions options, PrintWriter out, JavaLauncher launcher) {
        this.options = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
        this.launcher = Objects.requireNonNull(launcher, "launcher");
    }

    /** Starts the broker and the topics only; {@link #startServices} adds the rest. */
    public static LocalStack startBroker(LocalOptions options, PrintWriter out) throws Exception {
        LocalStack stack = new LocalStack(options, out, JavaLauncher.fromSystemProperties());
        try {
            stack.startKafka();
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    /** The broker's bootstrap servers. */
    public String bootstrap() {
        return broker.bootstrapServers();
    }

    /** The broker. */
    public KafkaBroker broker() {
        return broker;
    }

    /** The supervised child processes started so far. */
    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    /** The model server's base URL. */
    public String modelServerUrl() {
        return "http://localhost:" + options.modelServerPort();
    }

    /** The collector's (and demo page's) base URL. */
    public String collectorUrl() {
        return "http://localhost:" + options.httpPort();
    }

    /** The read key and token secret the collector checks (made on the first start). */
    public LocalSecrets secrets() {
        return LocalSecrets.ensure(options.dataDir());
    }

    private void startKafka() throws Exception {
        Path kafkaData = options.dataDir().resolve("kafka");
        say("starting Kafka (data in %s) ...", kafkaData);
        broker =
                KafkaBrokers.start(
                        BrokerOptions.defaults()
                                .withDataDirectory(kafkaData)
                                .withPort(options.kafkaPort())
                                .withDefaultPartitions(options.partitions())
                                .withMaxHeap(options.brokerHeap()));
        say("Kafka (%s) is running at %s", broker.kind(), broker.bootstrapServers());
        PerchTopics.ensureCreated(broker.bootstrapServers(), options.partitions());
    }

    /**
     * Starts the stream jobs, the model server and (unless {@code withCollector} is false) the
     * collector.
     */
    public void startServices(boolean withCollector) throws Exception {
        Path data = options.dataDir();
        Path logs = data.resolve("logs");
        String bootstrap = bootstrap();

        say(
                "starting the stream jobs (Flink local cluster, state in %s) ...",
                data.resolve("flink"));
        ServiceProcess streamJobs =
                start(
                        "stream-jobs",
                        launcher.onStreamJobsJar(
                                options.streamJobsHeap(),
                                "dev.perch.streamjobs.LocalStreamJobs",
                                List.of(
                                        "--bootstrap", bootstrap,
                                        "--data-dir", data.toString(),
                                        "--parallelism", Integer.toString(options.parallelism()))),
                        logs);
        streamJobs.awaitLogLine(STREAM_JOBS_READY, START_TIMEOUT);
        say("stream jobs running (log %s)", streamJobs.log());

        Path models = data.resolve("models");
        Files.createDirectories(models);
        say("starting the model server on port %d ...", options.modelServerPort());
        ServiceProcess modelServer =
                start(
                        "model-server",
                        launcher.onOwnClassPath(
                                options.modelServerHeap(),
                                "dev.perch.modelserver.ModelServerMain",
                                List.of(
                                        "--bootstrap", bootstrap,
                                        "--bind", LocalOptions.LOOPBACK,
                                        "--port", Integer.toString(options.modelServerPort()),
                                        "--model-dir", models.toString(),
                                        "--store-dir",
                                                data.resolve("model-server/store").toString(),
                                        "--state-dir",
                                                data.resolve("model-server/streams").toString())),
                        logs);
        modelServer.awaitHttpOk(modelServerUrl() + "/health", START_TIMEOUT);
        say("model server running at %s (log %s)", modelServerUrl(), modelServer.log());

        if (withCollector) {
            say(
                    "starting the collector and the demo storefront on port %d ...",
                    options.httpPort());
            List<String> collectorArgs =
                    new ArrayList<>(
                            List.of(
                                    "--bootstrap", bootstrap,
                                    "--host", options.listenAddress(),
                                    "--port", Integer.toString(options.httpPort()),
                                    "--model-server", modelServerUrl()));
            collectorArgs.addAll(secrets().collectorArguments());
            ServiceProcess collector =
                    start(
                            "collector",
                            launcher.onOwnClassPath(
                                    "256m", "dev.perch.collector.CollectorMain", collectorArgs),
                            logs);
            collector.awaitHttpOk(collectorUrl() + "/health", START_TIMEOUT);
            say("collector running at %s (log %s)", collectorUrl(), collector.log());
        }
    }

    private ServiceProcess start(String name, List<String> command, Path logs) throws IOException {
        ServiceProcess service = ServiceProcess.start(name, command, logs.resolve(name + ".log"));
        services.add(service);
        return service;
    }

    /** The data directory. */
    public Path dataDir() {
        return options.dataDir();
    }

    /** Closes {@code resource} (a simulator, a producer) before the processes stop. */
    public synchronized void onClose(AutoCloseable resource) {
        closeFirst.add(resource);
    }

    /** Replays {@code events} into perch.events from a supervised child ({@code perch replay}). */
    public void startReplay(Path events, String format, double rate) throws IOException {
        replay =
                ServiceProcess.start(
                        "replay",
                        launcher.onOwnClassPath(
                                "1g",
                                "dev.perch.cli.PerchCli",
                                List.of(
                                        "replay",
                                        "--bootstrap",
                                        bootstrap(),
                                        "--events",
                                        events.toAbsolutePath().toString(),
                                        "--format",
                                        format,
                                        "--rate",
                                        Double.toString(rate),
                                        "--no-progress")),
                        options.dataDir().resolve("logs/replay.log"));
    }

    /** The first service that exited although nobody stopped it, if any. */
    public ServiceProcess firstDead() {
        if (closed) {
            return null;
        }
        for (ServiceProcess service : services) {
            if (!service.isAlive()) {
                return service;
            }
        }
        return null;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable resource : closeFirst) {
            try {
                resource.close();
            } catch (Exception e) {
                say("closing %s failed: %s", resource, e);
            }
        }
        if (replay != null && replay.isAlive()) {
            try {
                replay.stop(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            ServiceProcess service = services.get(i);
            say("stopping %s ...", service.name());
            try {
                service.stop(
                        service.name().equals("stream-jobs")
                                ? Duration.ofSeconds(30)
                                : Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (broker != null) {
            say("stopping Kafka ...");
            broker.close();
        }
        say("stopped");
    }

    private void say(String format, Object... args) {
        out.printf(format + "%n", args);
        out.flush();
    }
}
