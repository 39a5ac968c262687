package dev.perch.kafka;

import dev.perch.events.ops.ParentWatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Apache Kafka in KRaft combined mode (broker and controller, one node) in a child JVM that runs on
 * this JVM's class path, on loopback ports. It can be killed and restarted on the same port with
 * the same data, and a shutdown hook makes sure no broker outlives this JVM.
 */
public final class ProcessKafkaBroker implements KafkaBroker {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PORT_RELEASE_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 60;
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final BrokerOptions options;
    private final KraftSettings settings;
    private final boolean temporary;
    private final Thread shutdownHook;
    private Process process;
    private boolean closed;
    private boolean suspended;

    private ProcessKafkaBroker(BrokerOptions options, KraftSettings settings, boolean temporary) {
        this.options = options;
        this.settings = settings;
        this.temporary = temporary;
        this.shutdownHook = new Thread(this::onJvmShutdown, "perch-kafka-broker-shutdown");
    }

    /** Formats (if new), launches and waits for a broker as described by {@code options}. */
    static ProcessKafkaBroker start(BrokerOptions options) {
        return start(options, null);
    }

    /**
     * A broker whose only client listener requires SASL over TLS ({@code security}); its clients
     * need {@link BrokerSecurity#clientSettings()}. For tests of Perch's Kafka clients.
     */
    public static ProcessKafkaBroker startSecured(BrokerOptions options, BrokerSecurity security) {
        return start(options, java.util.Objects.requireNonNull(security, "security"));
    }

    private static ProcessKafkaBroker start(BrokerOptions options, BrokerSecurity security) {
        Path dataDirectory = prepareDataDirectory(options.dataDirectory());
        boolean temporary = options.dataDirectory() == null;
        KraftSettings settings = KraftSettings.resolve(dataDirectory, options, security);
        settings.write();
        ProcessKafkaBroker broker = new ProcessKafkaBroker(options, settings, temporary);
        Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
        try {
            broker.launchAndAwait();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    private static Path prepareDataDirectory(Path requested) {
        try {
            if (requested == null) {
                return Files.createTempDirectory("perch-kafka-").toAbsolutePath();
            }
            return Files.createDirectories(requested.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot create the Kafka data directory " + requested, e);
        }
    }

    @Override
    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    @Override
    public Kind kind() {
        return Kind.PROCESS;
    }

    @Override
    public boolean supportsFaults() {
        return true;
    }

    /** The directory holding the broker's configuration and data. */
    public Path dataDirectory() {
        return settings.dataDirectory();
    }

    /** The broker's log file. */
    public Path logFile() {
        return settings.logFile();
    }

    /** Whether the data directory is deleted on {@link #close()}. */
    public boolean isTemporary() {
        return temporary;
    }

    /** The child JVM while it runs. */
    public synchronized Optional<ProcessHandle> processHandle() {
        return process != null && process.isAlive()
                ? Optional.of(process.toHandle())
                : Optional.empty();
    }

    /**
     * Leaves stopping the broker at JVM exit to the owner's own shutdown sequence (which stops the
     * processes that use it first) instead of this broker's hook, which would stop it at once.
     */
    public void leaveShutdownToOwner() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // too late: the hook runs
        }
    }

    @Override
    public synchronized void kill() {
        ensureOpen();
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit(process, STOP_TIMEOUT);
        }
        suspended = false;
    }

    /**
     * Freezes the broker JVM (SIGSTOP): its sockets stay open and accept connections, but nothing
     * answers, as with a hung broker (a long GC pause, a stalled disk). {@link #resume} lets it go
     * on; stopping or closing a suspended broker resumes it first.
     */
    public synchronized void suspend() {
        ensureOpen();
        signal("STOP");
        suspended = true;
    }

    /** Lets a {@link #suspend suspended} broker go on (SIGCONT). */
    public synchronized void resume() {
        ensureOpen();
        if (suspended) {
            signal("CONT");
            suspended = false;
        }
    }

    private void signal(String name) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("the Kafka broker " + bootstrapServers() + " is down");
        }
        try {
            Process kill =
                    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                            .redirectErrorStream(true)
                            .start();
            String output =
                    new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void restart() {
        ensureOpen();
        stop();
        launchAndAwait();
    }

    @Override
    public synchronized void stop() {
        if (suspended && process != null && process.isAlive()) {
            signal("CONT"); // a stopped JVM would keep SIGTERM pending
        }
        suspended = false;
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!awaitExit(process, STOP_TIMEOUT)) {
                process.destroyForcibly();
                awaitExit(process, STOP_TIMEOUT);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to run; it finds the process already gone.
        }
        if (temporary) {
            deleteRecursively(settings.dataDirectory());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Kafka broker " + bootstrapServers() + " is closed");
        }
    }

    private void launchAndAwait() {
        awaitPortsReleased();
        process = launch();
        Process launched = process;
        BrokerReadiness.awaitReady(
                bootstrapServers(),
                settings.security() == null
                        ? java.util.Map.of()
                        : settings.security().clientSettings(),
                options.startTimeout(),
                launched::isAlive,
                this::diagnostics);
    }

    /**
     * The child JVM's {@code -Xms}: 64 MB for a quick start (a test's broker, short-lived), the
     * whole heap for a broker that carries a pipeline for long ({@code perch local}, {@code perch
     * bench}). From 64 MB the serial collector's young generation stayed at about 35 MB and its old
     * generation grew only through full collections: under {@code perch bench} the broker stopped
     * for a young collection every second (12 ms at the median, up to 66 ms at 1,000 events/s and
     * 98 ms at 5,000), and for a full one of about 100 ms once a run, while every producer and
     * consumer of the pipeline waited. From its whole heap (768 MB there), one young collection
     * every 6 s: 287 ms of pauses in a minute at 1,000 events/s against 770, the longest 39-51 ms
     * (issue 16, docs/benchmarks/history.md, twenty-fifth session). Committing is not touching: the
     * pages of the heap are used as the young generation fills.
     */
    static String initialHeap(BrokerOptions options) {
        return options.quickStart() ? "64m" : options.maxHeap();
    }

    private Process launch() {
        try {
            Path argFile = writeClassPathArgFile();
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(SETSID)) {
                // its own session: a Ctrl-C in the terminal reaches only the owner, which stops
                // the broker last, after the processes that use it
                command.add(SETSID.toString());
            }
            command.add(javaExecutable());
            command.add("-Xmx" + options.maxHeap());
            command.add("-Xms" + initialHeap(options));
            command.add("-XX:+UseSerialGC");
            if (options.quickStart()) {
                command.add("-XX:TieredStopAtLevel=1");
            }
            command.add("-Djava.awt.headless=true");
            // the broker exits when this JVM is gone, even after a kill -9 (no orphan on the port)
            command.add(ParentWatch.jvmOption());
            command.add("-Dlog4j2.configurationFile=" + settings.log4jConfigFile().toUri());
            command.add("@" + argFile);
            command.add(KraftServerMain.class.getName());
            command.add(settings.serverPropertiesFile().toString());
            command.add(settings.clusterId());
            Files.createDirectories(settings.logFile().toAbsolutePath().getParent());
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .directory(settings.dataDirectory().toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(
                                    ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()));
            Process started = builder.start();
            started.getOutputStream().close();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kafka broker JVM", e);
        }
    }

    /**
     * The class path goes through an argument file: a test class path can exceed the limit of one
     * command-line argument. A manifest-only booter jar (Surefire) works here too.
     */
    private Path writeClassPathArgFile() throws IOException {
        String classPath = System.getProperty("java.class.path");
        String quoted = classPath.replace("\\", "\\\\").replace("\"", "\\\"");
        Path argFile = settings.dataDirectory().resolve("jvm-classpath.args");
        Files.writeString(argFile, "-cp \"" + quoted + "\"\n", StandardCharsets.UTF_8);
        return argFile;
    }

    private static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .filter(command -> Files.isExecutable(Path.of(command)))
                .orElseGet(
                        () -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** After a kill the ports are usually free at once; wait a little if they are not. */
    private void awaitPortsReleased() {
        long deadline = System.nanoTime() + PORT_RELEASE_TIMEOUT.toNanos();
        while (!(FreePorts.isFree(settings.port()) && FreePorts.isFree(settings.controllerPort()))
                && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private String diagnostics() {
        StringBuilder text = new StringBuilder();
        Process current = process;
        if (current != null && !current.isAlive()) {
            text.append(" Exit code ").append(current.exitValue()).append('.');
        }
        text.append(" Last lines of ").append(settings.logFile()).append(":\n");
        try {
            List<String> lines = Files.readAllLines(settings.logFile(), StandardCharsets.UTF_8);
            lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
                    .forEach(line -> text.append("  ").append(line).append('\n'));
        } catch (IOException | UncheckedIOException e) {
            text.append("  (log unreadable: ").append(e).append(")\n");
        }
        return text.toString();
    }

    private void onJvmShutdown() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
            if (!awaitExit(current, Duration.ofSeconds(10))) {
                current.destroyForcibly();
                awaitExit(current, Duration.ofSeconds(10));
            }
        }
        if (temporary) {
            deleteRecursively(settings.dataDirectory());
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            path -> {
                                try {
                                    Files.deleteIfExists(path);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException(
                    "Cannot delete the Kafka data directory " + directory, e);
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[PROCESS " + bootstrapServers() + " in " + dataDirectory() + "]";
    }
}
