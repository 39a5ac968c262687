package dev.perch.events.ops;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the Kafka cluster every {@code interval} whether it answers (an Admin {@code
 * describeCluster} with a short timeout), off every request thread, so {@code /health} and the
 * collector's fast 503 know within seconds that the broker is gone, without waiting on a producer.
 */
public final class BrokerProbe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);

    private final Admin admin;
    private final Duration interval;
    private final Duration timeout;
    private final LongSupplier nanoClock;
    private final ScheduledExecutorService scheduler;
    private final long startedNanos;
    private volatile long lastOkNanos = Long.MIN_VALUE;
    private volatile String lastError = "not probed yet";
    private volatile int nodes;
    private volatile boolean reportedDown;

    private BrokerProbe(
            String bootstrapServers,
            Duration interval,
            Duration timeout,
            java.util.Map<String, String> client) {
        Properties settings = new Properties();
        settings.putAll(client);
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "perch-broker-probe");
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        settings.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        this.admin = Admin.create(settings);
        this.interval = interval;
        this.timeout = timeout;
        this.nanoClock = System::nanoTime;
        this.startedNanos = nanoClock.getAsLong();
        this.scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "perch-broker-probe");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** Probes every second with a 1.5 s timeout. */
    public static BrokerProbe start(String bootstrapServers) {
        return start(bootstrapServers, java.util.Map.of());
    }

    /**
     * Probes every second with a 1.5 s timeout, with the client settings (TLS, SASL) every Perch
     * client of the cluster takes.
     */
    public static BrokerProbe start(String bootstrapServers, java.util.Map<String, String> client) {
        return start(bootstrapServers, Duration.ofSeconds(1), Duration.ofMillis(1500), client);
    }

    /** Probes {@code bootstrapServers} every {@code interval}, each probe bounded by timeout. */
    public static BrokerProbe start(String bootstrapServers, Duration interval, Duration timeout) {
        return start(bootstrapServers, interval, timeout, java.util.Map.of());
    }

    /** As {@link #start(String, Duration, Duration)}, with the cluster's client settings. */
    public static BrokerProbe start(
            String bootstrapServers,
            Duration interval,
            Duration timeout,
            java.util.Map<String, String> client) {
        BrokerProbe probe = new BrokerProbe(bootstrapServers, interval, timeout, client);
        probe.scheduler.scheduleWithFixedDelay(
                probe::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return probe;
    }

    private void probe() {
        try {
            nodes =
                    admin.describeCluster(
                                    new DescribeClusterOptions()
                                            .timeoutMs((int) timeout.toMillis()))
                            .nodes()
                            .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
                            .size();
            lastOkNanos = nanoClock.getAsLong();
            if (reportedDown) {
                LOG.info("Kafka answers again ({} broker(s))", nodes);
                reportedDown = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            if (!reportedDown && !reachable()) {
                LOG.warn("Kafka does not answer: {}", lastError);
                reportedDown = true;
            }
        }
    }

    /**
     * Whether the cluster answered within the last two intervals plus a timeout (three seconds with
     * the defaults); while the first probe runs it counts as reachable.
     */
    public boolean reachable() {
        long now = nanoClock.getAsLong();
        long staleAfter = interval.multipliedBy(2).plus(timeout).toNanos();
        if (lastOkNanos == Long.MIN_VALUE) {
            return now - startedNanos < staleAfter;
        }
        return now - lastOkNanos < staleAfter;
    }

    /**
     * How many partitions {@code topic} has, or 0 when the cluster does not say within the probe's
     * timeout (the topic is missing or the broker unreachable).
     */
    public int partitions(String topic) {
        try {
            return admin.describeTopics(java.util.List.of(topic))
                    .allTopicNames()
                    .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            LOG.warn("The partitions of {} are unknown: {}", topic, e.toString());
            return 0;
        }
    }

    /** The broker check of a health report. */
    public HealthReport.Check check() {
        return reachable()
                ? HealthReport.Check.up("kafka", nodes + " broker(s) answer")
                : HealthReport.Check.down("kafka", "unreachable: " + lastError);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
