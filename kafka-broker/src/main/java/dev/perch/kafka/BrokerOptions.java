package dev.perch.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start a broker: which kind (or automatic choice), where its data lives, which port, and
 * the size of the child JVM. Immutable; change it with the {@code with*} methods.
 *
 * @param kind the kind to force, or {@code null} to choose automatically (see {@link KafkaBrokers})
 * @param dataDirectory where a PROCESS broker keeps its data; {@code null} means a temporary
 *     directory deleted on close, a given directory is kept (and resumed by the next start)
 * @param port the client port on 127.0.0.1; 0 picks a free one (a kept directory reuses its
 *     previous port when that port is free)
 * @param defaultPartitions {@code num.partitions} for automatically created topics
 * @param maxHeap the {@code -Xmx} of the child JVM, e.g. {@code 512m}
 * @param logFile where the broker writes its log; {@code null} means {@code broker.log} in the data
 *     directory
 * @param startTimeout how long to wait for the broker to answer before giving up
 * @param quickStart whether a PROCESS broker's JVM compiles with C1 only ({@code
 *     -XX:TieredStopAtLevel=1}) and starts from a 64 MB heap: it starts sooner and its hot paths
 *     run slower. Right for tests (the default); a broker that carries a pipeline for long wants
 *     full tiered compilation and its whole heap from the start (perch local and bench turn it off:
 *     under C1 only the broker took 0.4-0.6 of two cores at 250 events/s; from 64 MB it paused for
 *     a young collection every second at 1,000 events/s)
 */
public record BrokerOptions(
        KafkaBroker.Kind kind,
        Path dataDirectory,
        int port,
        int defaultPartitions,
        String maxHeap,
        Path logFile,
        Duration startTimeout,
        boolean quickStart) {

    /**
     * System property that forces a kind: {@code auto}, {@code external}, {@code container} or
     * {@code process}.
     */
    public static final String MODE_PROPERTY = "perch.kafka.mode";

    /** Environment variable naming an external cluster to use instead of starting one. */
    public static final String BOOTSTRAP_ENV = "PERCH_KAFKA_BOOTSTRAP";

    public BrokerOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "port must be 0 (any free port) or 1..65535: " + port);
        }
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException(
                    "defaultPartitions must be >= 1: " + defaultPartitions);
        }
        Objects.requireNonNull(maxHeap, "maxHeap");
        if (!maxHeap.matches("\\d+[kKmMgG]?")) {
            throw new IllegalArgumentException("maxHeap must look like 512m or 1g: " + maxHeap);
        }
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
        }
    }

    /**
     * Automatic kind, temporary data, a free port, one partition, 512 MiB heap, 3 minutes to start,
     * a quick-starting JVM.
     */
    public static BrokerOptions defaults() {
        return new BrokerOptions(null, null, 0, 1, "512m", null, Duration.ofMinutes(3), true);
    }

    /** The same options with a forced kind ({@code null} = automatic). */
    public BrokerOptions withKind(KafkaBroker.Kind newKind) {
        return new BrokerOptions(
                newKind,
                dataDirectory,
                port,
                defaultPartitions,
                maxHeap,
                logFile,
                startTimeout,
                quickStart);
    }

    /** The same options with a kept data directory ({@code null} = temporary). */
    public BrokerOptions withDataDirectory(Path newDataDirectory) {
        return new BrokerOptions(
                kind,
                newDataDirectory,
                port,
                defaultPartitions,
                maxHeap,
                logFile,
                startTimeout,
                quickStart);
    }

    /** The same options with a fixed client port (0 = any free port). */
    public BrokerOptions withPort(int newPort) {
        return new BrokerOptions(
                kind,
                dataDirectory,
                newPort,
                defaultPartitions,
                maxHeap,
                logFile,
                startTimeout,
                quickStart);
    }

    /** The same options with another partition count for automatically created topics. */
    public BrokerOptions withDefaultPartitions(int newDefaultPartitions) {
        return new BrokerOptions(
                kind,
                dataDirectory,
                port,
                newDefaultPartitions,
                maxHeap,
                logFile,
                startTimeout,
                quickStart);
    }

    /** The same options with another child JVM heap, e.g. {@code 1g}. */
    public BrokerOptions withMaxHeap(String newMaxHeap) {
        return new BrokerOptions(
                kind,
                dataDirectory,
                port,
                defaultPartitions,
                newMaxHeap,
                logFile,
                startTimeout,
                quickStart);
    }

    /** The same options with the broker log written to the given file. */
    public BrokerOptions withLogFile(Path newLogFile) {
        return new BrokerOptions(
                kind,
                dataDirectory,
                port,
                defaultPartitions,
                maxHeap,
                newLogFile,
                startTimeout,
                quickStart);
    }

    /** The same options with another start deadline. */
    public BrokerOptions withStartTimeout(Duration newStartTimeout) {
        return new BrokerOptions(
                kind,
                dataDirectory,
                port,
                defaultPartitions,
                maxHeap,
                logFile,
                newStartTimeout,
                quickStart);
    }

    /** The same options with C1-only compilation of a PROCESS broker's JVM on or off. */
    public BrokerOptions withQuickStart(boolean newQuickStart) {
        return new BrokerOptions(
                kind,
                dataDirectory,
                port,
                defaultPartitions,
                maxHeap,
                logFile,
                startTimeout,
                newQuickStart);
    }
}
