package dev.perch.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Waits until a broker answers an Admin {@code describeCluster} with at least one node, polling
 * with short timeouts until a deadline, and failing early when the broker's process has died.
 */
final class BrokerReadiness {

    private static final int POLL_TIMEOUT_MS = 2_000;

    private BrokerReadiness() {}

    /**
     * Blocks until the cluster at {@code bootstrapServers} answers.
     *
     * @param stillStarting false once there is no point waiting (the broker process died)
     * @param diagnostics what to add to the failure message (e.g. the tail of the broker log)
     * @throws IllegalStateException when the deadline passes or {@code stillStarting} turns false
     */
    static void awaitReady(
            String bootstrapServers,
            Duration timeout,
            Supplier<Boolean> stillStarting,
            Supplier<String> diagnostics) {
        awaitReady(bootstrapServers, Map.of(), timeout, stillStarting, diagnostics);
    }

    /** {@link #awaitReady} with extra client settings (TLS, SASL). */
    static void awaitReady(
            String bootstrapServers,
            Map<String, String> clientSettings,
            Duration timeout,
            Supplier<Boolean> stillStarting,
            Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        Properties config = adminConfig(bootstrapServers);
        config.putAll(clientSettings);
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                if (!stillStarting.get()) {
                    throw new IllegalStateException(
                            "Kafka broker at "
                                    + bootstrapServers
                                    + " exited while starting."
                                    + diagnostics.get());
                }
                try {
                    Collection<Node> nodes =
                            admin.describeCluster(
                                            new DescribeClusterOptions().timeoutMs(POLL_TIMEOUT_MS))
                                    .nodes()
                                    .get(POLL_TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted waiting for Kafka", e);
                }
            }
        }
        throw new IllegalStateException(
                "Kafka broker at "
                        + bootstrapServers
                        + " did not answer within "
                        + timeout
                        + (last == null ? "" : " (last error: " + last + ")")
                        + "."
                        + diagnostics.get());
    }

    private static Properties adminConfig(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, POLL_TIMEOUT_MS);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, POLL_TIMEOUT_MS);
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "perch-broker-readiness");
        return config;
    }
}
