package dev.perch.cli.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how {@link LocalStack} runs its processes.
 *
 * @param dataDir the root of every process's data (kafka/, flink/, model-server/, models/, logs/)
 * @param kafkaPort the broker's client port on 127.0.0.1 (0 = any free port)
 * @param partitions partitions of each Perch topic
 * @param brokerHeap maximum heap of the broker JVM
 * @param streamJobsHeap maximum heap of the Flink local cluster JVM
 * @param modelServerHeap maximum heap of the model server JVM
 * @param parallelism parallelism of the Flink jobs
 * @param modelServerPort the model server's HTTP port
 * @param httpPort the collector's and demo storefront's HTTP port
 * @param listenAddress the address the collector listens on ({@code 127.0.0.1} unless told
 *     otherwise); the model server, Flink and Kafka always stay on loopback
 */
public record LocalOptions(
        Path dataDir,
        int kafkaPort,
        int partitions,
        String brokerHeap,
        String streamJobsHeap,
        String modelServerHeap,
        int parallelism,
        int modelServerPort,
        int httpPort,
        String listenAddress) {

    /** Loopback: nothing of {@code bin/perch local} is reachable from another machine. */
    public static final String LOOPBACK = "127.0.0.1";

    public LocalOptions {
        dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        listenAddress = listenAddress == null ? LOOPBACK : listenAddress;
        if (partitions < 1 || parallelism < 1) {
            throw new IllegalArgumentException("partitions and parallelism must be >= 1");
        }
        // checked here, not when the third child fails to bind a minute later
        if (kafkaPort < 0 || kafkaPort > 65535) {
            throw new IllegalArgumentException(
                    "the Kafka port must be 0 (any free one) to 65535, got " + kafkaPort);
        }
        for (int port : new int[] {httpPort, modelServerPort}) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(
                        "the HTTP ports must be 1 to 65535, got " + port);
            }
        }
        if (httpPort == modelServerPort || httpPort == kafkaPort || modelServerPort == kafkaPort) {
            throw new IllegalArgumentException(
                    "the Kafka, collector and model-server ports must differ, got "
                            + kafkaPort
                            + ", "
                            + httpPort
                            + " and "
                            + modelServerPort);
        }
    }

    /** Options that keep every listener on loopback. */
    public LocalOptions(
            Path dataDir,
            int kafkaPort,
            int partitions,
            String brokerHeap,
            String streamJobsHeap,
            String modelServerHeap,
            int parallelism,
            int modelServerPort,
            int httpPort) {
        this(
                dataDir,
                kafkaPort,
                partitions,
                brokerHeap,
                streamJobsHeap,
                modelServerHeap,
                parallelism,
                modelServerPort,
                httpPort,
                LOOPBACK);
    }
}
