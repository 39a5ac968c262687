package dev.perch.modelserver;

import dev.perch.events.Recommendations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * The model server's meters, served by {@code GET /metrics} in the Prometheus text format: batch
 * latency and sizes, click-to-recommendation latency, candidates per user, lists published,
 * buffered users, model swaps, dead letters by source and reason.
 */
public final class ModelServerMetrics {
    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer batchLatency;
    private final Timer clickToRecommendation;
    private final DistributionSummary batchUsers;
    private final DistributionSummary candidatesPerUser;
    private final Counter published;
    private final Counter skippedStale;
    private final Counter coalesced;
    private final Counter forgotten;
    private final Counter modelsLoaded;
    private final Counter modelsRefused;
    private final AtomicLong bufferedUsers = new AtomicLong();
    private final Timer searchLatency;
    private final MultiGauge modelInfo;

    /** The value of the model-info row; a field, so the weakly held gauge value stays alive. */
    private final AtomicInteger inService = new AtomicInteger(1);

    public ModelServerMetrics() {
        searchLatency =
                Timer.builder("perch_search_latency")
                        .description("Time to answer one search on the owning instance")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(100_000))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry);
        batchLatency =
                Timer.builder("perch_scoring_batch_latency")
                        .description(
                                "Time to recommend one task's micro-batch (the tick's shared"
                                        + " part, gather, score, rank)")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(100_000))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry);
        clickToRecommendation =
                Timer.builder("perch_click_to_recommendation")
                        .description(
                                "From the event reaching Perch (collector) to its user's list"
                                        + " being published")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(5))
                        .register(registry);
        batchUsers =
                DistributionSummary.builder("perch_scoring_batch_users")
                        .description(
                                "Users scored per micro-batch of one task (one ranker call each)")
                        .publishPercentileHistogram()
                        .maximumExpectedValue(4096.0)
                        .register(registry);
        candidatesPerUser =
                DistributionSummary.builder("perch_scoring_candidates_per_user")
                        .description("Admitted candidates scored per user")
                        .publishPercentileHistogram()
                        .maximumExpectedValue(1024.0)
                        .register(registry);
        published =
                Counter.builder("perch_recommendations_published")
                        .description("Recommendation lists written to perch.recommendations")
                        .register(registry);
        skippedStale =
                Counter.builder("perch_user_states_skipped_stale")
                        .description(
                                "User states older than the list already published or buffered")
                        .register(registry);
        coalesced =
                Counter.builder("perch_user_states_coalesced")
                        .description(
                                "User states that replaced their user's buffered state before it"
                                        + " was scored (one list for both)")
                        .register(registry);
        forgotten =
                Counter.builder("perch_users_forgotten")
                        .description("Users removed from the stores after a user-state tombstone")
                        .register(registry);
        modelsLoaded =
                Counter.builder("perch_model_loads")
                        .description("Model artifacts loaded and put in service")
                        .register(registry);
        modelsRefused =
                Counter.builder("perch_model_load_failures")
                        .description("Model artifacts refused (missing, corrupt, unusable)")
                        .register(registry);
        Gauge.builder("perch_buffered_users", bufferedUsers, AtomicLong::get)
                .description("Users whose newest state waits for the next micro-batch")
                .register(registry);
        modelInfo =
                MultiGauge.builder("perch_model_version")
                        .description("1 for the model version in service")
                        .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One search answered here, in {@code nanos} (understanding, retrieval, re-ranking). */
    public void searchServed(long nanos) {
        searchLatency.record(Duration.ofNanos(nanos));
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public void batch(int users, long rows, long nanos) {
        batchLatency.record(Duration.ofNanos(nanos));
        batchUsers.record(users);
        if (users > 0) {
            candidatesPerUser.record((double) rows / users);
        }
    }

    public void published(int lists) {
        published.increment(lists);
    }

    /**
     * Records how long {@code list}'s cause took from reaching Perch to being published; lists
     * without a received time (events written straight to Kafka) or with a clock going backwards
     * are left out.
     */
    public void clickToRecommendation(Recommendations list) {
        Instant received = list.getCauseReceivedTime();
        Instant generated = list.getGeneratedAt();
        if (received != null && generated != null && !generated.isBefore(received)) {
            clickToRecommendation.record(Duration.between(received, generated));
        }
    }

    /** Lists whose click-to-recommendation latency was recorded. */
    public long clickToRecommendationCount() {
        return clickToRecommendation.count();
    }

    public void skippedStale() {
        skippedStale.increment();
    }

    /** A state replaced its user's buffered state: one list will cover both. */
    public void coalesced() {
        coalesced.increment();
    }

    /** States that replaced a buffered one so far. */
    public double coalescedCount() {
        return coalesced.count();
    }

    /** A user was forgotten (deleted). */
    public void forgotten() {
        forgotten.increment();
    }

    /** Users buffered changed by {@code delta} (each task reports its own changes). */
    public void buffered(long delta) {
        bufferedUsers.addAndGet(delta);
    }

    public long bufferedUsers() {
        return bufferedUsers.get();
    }

    public void modelLoaded(String version) {
        modelsLoaded.increment();
        modelInfo.register(
                List.of(MultiGauge.Row.of(Tags.of("version", version), inService)), true);
    }

    /**
     * One record this instance could not use, sent to perch.dead-letter.
     *
     * @param source the consumer that met it: the topic and part, e.g. {@code perch.user-state}
     * @param reason the dead letter's reason code
     */
    public void deadLetter(String source, String reason) {
        Counter.builder("perch_dead_letters")
                .description("Records this instance could not use, sent to perch.dead-letter")
                .tags("source", source, "reason", reason)
                .register(registry)
                .increment();
    }

    /** Dead letters counted so far, over every source and reason. */
    public double deadLetters() {
        return registry.find("perch_dead_letters").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    public void modelRefused() {
        modelsRefused.increment();
    }

    public double modelsRefused() {
        return modelsRefused.count();
    }

    public double publishedCount() {
        return published.count();
    }

    /** A gauge read on each scrape, e.g. the consumer lag of the Streams client. */
    public void gauge(String name, String description, DoubleSupplier value) {
        Gauge.builder(name, value::getAsDouble).description(description).register(registry);
    }
}
