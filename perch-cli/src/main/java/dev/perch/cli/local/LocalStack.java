package dev.perch.cli.local;

import dev.perch.events.files.EventFileFormat;
import dev.perch.kafka.BrokerOptions;
import dev.perch.kafka.KafkaBroker;
import dev.perch.kafka.KafkaBrokers;
import dev.perch.kafka.PerchTopics;
import dev.perch.kafka.ProcessKafkaBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Perch's processes on one machine, as in production: a Kafka broker (KRaft, child JVM), the Flink
 * stream jobs on a local cluster (child JVM, their own job jar), the model server and the collector
 * (child JVMs). Started in dependency order, each awaited until ready; closed in reverse order
 * (collector, model server, stream jobs with their final checkpoint, then Kafka). Once {@link
 * #superviseChildren} is called, a child that dies is restarted with backoff (logged) and a dead
 * broker is noticed within a second and restarted; {@code perch local} and {@code perch bench} both
 * run on it.
 */
public final class LocalStack implements AutoCloseable {
    private static final Pattern STREAM_JOBS_READY = Pattern.compile("stream-jobs running");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final long SUPERVISE_MILLIS = 500;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STABLE_AFTER = Duration.ofSeconds(60);
    private static final int MAX_FAILED_STARTS = 10;

    private final LocalOptions options;
    private final PrintWriter out;
    private final JavaLauncher launcher;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<AutoCloseable> closeFirst = new ArrayList<>();
    private KafkaBroker broker;
    private ServiceProcess replay;
    private final Map<String, Readiness> readiness = new ConcurrentHashMap<>();
    private final Map<String, Integer> failedStarts = new ConcurrentHashMap<>();
    private final List<Restart> restarts = new CopyOnWriteArrayList<>();
    private Thread supervisor;
    private volatile String gaveUp;
    private volatile boolean closed;

    /** How a service shows it is ready, awaited after a (re)start. */
    @FunctionalInterface
    private interface Readiness {
        void await(ServiceProcess service) throws IOException, InterruptedException;
    }

    /**
     * One restart the supervisor made: which process, when it was seen dead, and how long until it
     * was ready again.
     */
    public record Restart(String name, Instant noticed, Duration recovery) {}

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

    /** The broker this stack asks for. */
    private static BrokerOptions brokerOptions(LocalOptions options) {
        return BrokerOptions.defaults()
                .withDataDirectory(options.dataDir().resolve("kafka"))
                .withPort(options.kafkaPort())
                .withDefaultPartitions(options.partitions())
                .withMaxHeap(options.brokerHeap())
                // a long-running broker: full tiered compilation (C2) and its whole heap from the
                // start (ProcessKafkaBroker.initialHeap)
                .withQuickStart(false);
    }

    /**
     * Whether a stack of these options starts a broker of its own in a child JVM (on {@link
     * LocalOptions#kafkaPort}), rather than using the cluster of {@code PERCH_KAFKA_BOOTSTRAP}.
     */
    public static boolean startsItsOwnBroker(LocalOptions options) {
        return KafkaBrokers.selectKind(brokerOptions(options)) == KafkaBroker.Kind.PROCESS;
    }

    private void startKafka() throws Exception {
        Path kafkaData = options.dataDir().resolve("kafka");
        say("starting Kafka (data in %s) ...", kafkaData);
        broker = KafkaBrokers.start(brokerOptions(options));
        if (broker instanceof ProcessKafkaBroker local) {
            local.leaveShutdownToOwner(); // close() stops it last, after its clients
        }
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
        readiness.put(
                "stream-jobs", service -> service.awaitLogLine(STREAM_JOBS_READY, START_TIMEOUT));
        readiness.get("stream-jobs").await(streamJobs);
        say("stream jobs running (log %s)", streamJobs.log());

        ServiceProcess modelServer = startModelServer("model-server", options.modelServerPort());
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
                                    "256m", "dev.perch.demo.DemoShopMain", collectorArgs),
                            logs);
            readiness.put(
                    "collector",
                    service -> service.awaitHttpOk(collectorUrl() + "/health", START_TIMEOUT));
            readiness.get("collector").await(collector);
            say("collector running at %s (log %s)", collectorUrl(), collector.log());
        }
    }

    /**
     * Starts one more model-server instance (named {@code model-server-N}) on {@code port}, with
     * its own store and state directories, in the same Kafka Streams application as the first: the
     * instances share the user-state partitions (scale-out). Call after {@link #startServices}.
     */
    public ServiceProcess startExtraModelServer(int instance, int port) throws Exception {
        ServiceProcess extra = startModelServer("model-server-" + instance, port);
        say("model server %d running on port %d (log %s)", instance, port, extra.log());
        return extra;
    }

    /**
     * The model server's heap settings: its whole heap from the start ({@code -Xms} = {@code
     * -Xmx}), a young generation of 384 MB of which two survivor spaces take 77 MB each ({@code
     * SurvivorRatio=3}), and objects promoted at their second survived collection ({@code
     * MaxTenuringThreshold=1}).
     *
     * <p>Why (issue 16, GC logs and a heap histogram at 5,000 events/s): a batch of 256 users holds
     * 30-40 MB of candidates and facts until its lists are out. With 26 MB survivor spaces, a young
     * collection during a batch promoted what did not fit, 20-35 MB each time; and from the default
     * initial heap the serial collector kept the old generation at about 140 MB (it grows it only
     * when a full collection leaves less than 40 % free), so a full collection of 150-490 ms came
     * every 5-8 s. Survivor spaces that hold a batch let it die young; promoting at the second
     * collection keeps the longer-lived objects (cached lists, Kafka buffers) from being copied
     * between survivor spaces up to 15 times, which made the young pauses 7-42 % longer in total at
     * 1,000-3,000 events/s over full bench runs.
     */
    static List<String> modelServerJvmOptions(String heap) {
        return List.of(
                "-Xms" + heap, "-Xmn384m", "-XX:SurvivorRatio=3", "-XX:MaxTenuringThreshold=1");
    }

    private ServiceProcess startModelServer(String name, int port) throws Exception {
        Path data = options.dataDir();
        Path models = data.resolve("models");
        Files.createDirectories(models);
        say("starting %s on port %d ...", name, port);
        ServiceProcess modelServer =
                start(
                        name,
                        launcher.onOwnClassPath(
                                options.modelServerHeap(),
                                modelServerJvmOptions(options.modelServerHeap()),
                                "dev.perch.modelserver.ModelServerMain",
                                List.of(
                                        "--bootstrap", bootstrap(),
                                        "--bind", LocalOptions.LOOPBACK,
                                        "--port", Integer.toString(port),
                                        "--model-dir", models.toString(),
                                        "--store-dir", data.resolve(name + "/store").toString(),
                                        "--state-dir", data.resolve(name + "/streams").toString())),
                        data.resolve("logs"));
        readiness.put(
                name,
                service ->
                        service.awaitHttpOk("http://localhost:" + port + "/health", START_TIMEOUT));
        readiness.get(name).await(modelServer);
        return modelServer;
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
    public void startReplay(Path events, EventFileFormat format, double rate) throws IOException {
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
                                        format.cliName(),
                                        "--rate",
                                        Double.toString(rate),
                                        "--no-progress")),
                        options.dataDir().resolve("logs/replay.log"));
    }

    /** The first service that is not running now (unsupervised runs such as bench fail on it). */
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

    /**
     * Starts watching the children: every {@value #SUPERVISE_MILLIS} ms the broker (when this stack
     * started it) and each service are checked; a dead one is restarted after a backoff that
     * doubles per failed start (1 s up to 30 s, reset once it ran for a minute), and logged.
     */
    public synchronized void superviseChildren() {
        if (supervisor != null) {
            return;
        }
        supervisor = new Thread(this::supervise, "perch-local-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    /** The restarts made so far, in order. */
    public List<Restart> restarts() {
        return List.copyOf(restarts);
    }

    /** Why supervision gave up (a child failed {@value #MAX_FAILED_STARTS} starts), or null. */
    public String gaveUp() {
        return gaveUp;
    }

    private void supervise() {
        try {
            while (!closed && gaveUp == null) {
                TimeUnit.MILLISECONDS.sleep(SUPERVISE_MILLIS);
                superviseBroker();
                for (ServiceProcess service : services) {
                    if (closed) {
                        return;
                    }
                    if (!service.isAlive()) {
                        recover(service);
                    } else if (service.uptime().compareTo(STABLE_AFTER) > 0) {
                        failedStarts.remove(service.name());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            say("supervision stopped: %s", e);
        }
    }

    private void superviseBroker() {
        if (!(broker instanceof ProcessKafkaBroker local) || closed) {
            return;
        }
        if (local.processHandle().isPresent()) {
            return;
        }
        Instant noticed = Instant.now();
        say("Kafka exited (log %s); restarting it ...", local.logFile());
        try {
            local.restart();
            Duration took = Duration.between(noticed, Instant.now());
            restarts.add(new Restart("kafka", noticed, took));
            say("Kafka is running again after %d ms", took.toMillis());
        } catch (RuntimeException e) {
            say("Kafka did not restart: %s", e.getMessage());
        }
    }

    private void recover(ServiceProcess service) throws InterruptedException {
        Instant noticed = Instant.now();
        int failures = failedStarts.merge(service.name(), 1, Integer::sum);
        if (failures > MAX_FAILED_STARTS) {
            gaveUp =
                    service.name()
                            + " failed "
                            + MAX_FAILED_STARTS
                            + " starts in a row; last output:\n"
                            + service.tail(20);
            say("giving up: %s", gaveUp);
            return;
        }
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures - 1, 5));
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        say(
                "%s exited with code %d; restarting it in %d s (attempt %d, log %s)",
                service.name(), service.exitCode(), backoff.toSeconds(), failures, service.log());
        TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
        if (closed) {
            return;
        }
        try {
            service.restart();
            readiness.getOrDefault(service.name(), s -> {}).await(service);
            Duration took = Duration.between(noticed, Instant.now());
            restarts.add(new Restart(service.name(), noticed, took));
            say("%s is running again after %d ms", service.name(), took.toMillis());
        } catch (IOException e) {
            say("%s did not come back: %s", service.name(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (supervisor != null) {
            supervisor.interrupt();
            try {
                supervisor.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
