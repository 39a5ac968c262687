package dev.perch.cli.local;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Locale;
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

    /**
     * Fails, naming the option, when a port this stack would listen on is held by another process:
     * checked before anything starts, since a child that cannot bind fails only after the others
     * started (a minute, and a stack trace in its log). A port may still be taken between this
     * check and the bind; the child's own failure covers that.
     *
     * @param services whether the model server and the collector will listen too
     * @param ownBroker whether a broker of this stack will listen on {@link #kafkaPort}
     * @throws IllegalStateException naming the port, the address and the option to change
     */
    public void requireFreePorts(boolean services, boolean ownBroker) {
        if (ownBroker && kafkaPort > 0) {
            requireFree(LOOPBACK, kafkaPort, "--port");
        }
        if (services) {
            requireFree(LOOPBACK, modelServerPort, "--model-server-port");
            requireFree(listenAddress, httpPort, "--http-port");
        }
    }

    private static void requireFree(String host, int port, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the servers bind: a closed port's TIME_WAIT is free
            socket.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new IllegalStateException(
                    String.format(
                            Locale.ROOT,
                            "port %d on %s is in use by another process: stop it, or choose"
                                    + " another port with %s",
                            port,
                            host,
                            option));
        } catch (IOException e) {
            throw new IllegalStateException(
                    String.format(
                            Locale.ROOT,
                            "cannot listen on %s:%d (%s): %s",
                            host,
                            port,
                            option,
                            e.getMessage()),
                    e);
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
