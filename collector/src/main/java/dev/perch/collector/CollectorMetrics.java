package dev.perch.collector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collector's Prometheus meters: events accepted, events rejected by reason, requests refused
 * as a whole by status, and the request latency histogram (Kafka acknowledgement included).
 */
public final class CollectorMetrics {

    /** Reason tag of an event that failed validation. */
    public static final String INVALID = "invalid";

    /** Reason tag of a valid event Kafka did not acknowledge in time (answered 503). */
    public static final String NOT_STORED = "not_stored";

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter accepted =
            Counter.builder("perch.collector.events.accepted")
                    .description("Events stored in Kafka")
                    .register(registry);
    private final Counter duplicates =
            Counter.builder("perch.collector.events.duplicate")
                    .description("Events accepted again by id without a second write")
                    .register(registry);
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> refused = new ConcurrentHashMap<>();
    private final Timer latency =
            Timer.builder("perch.collector.request")
                    .description("POST /v1/events latency, until Kafka acknowledged")
                    .publishPercentileHistogram()
                    .register(registry);

    public void accepted(int count) {
        accepted.increment(count);
    }

    public void duplicates(int count) {
        duplicates.increment(count);
    }

    /** Counts events rejected for {@code reason} ({@link #INVALID}, {@link #NOT_STORED}, ...). */
    public void rejected(String reason, int count) {
        rejected.computeIfAbsent(
                        reason,
                        r ->
                                Counter.builder("perch.collector.events.rejected")
                                        .description("Events not stored, by reason")
                                        .tag("reason", r)
                                        .register(registry))
                .increment(count);
    }

    /** Counts a request refused as a whole (400, 401, 413, 429). */
    public void refused(int status) {
        refused.computeIfAbsent(
                        status,
                        s ->
                                Counter.builder("perch.collector.requests.refused")
                                        .description("Requests refused as a whole, by status")
                                        .tag("status", Integer.toString(s))
                                        .register(registry))
                .increment();
    }

    /** The latency timer of {@code POST /v1/events}. */
    public Timer latency() {
        return latency;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
