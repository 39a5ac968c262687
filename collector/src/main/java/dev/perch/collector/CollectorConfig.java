package dev.perch.collector;

import dev.perch.events.EventTimeBounds;
import dev.perch.events.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the collector needs to run, parsed once (by {@link CollectorMain} or a test) into an
 * immutable value. {@link #defaults(String)} gives a working single-machine setup.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param port HTTP port; 0 picks a free one
 * @param topic where accepted events go, keyed by userId
 * @param writeKeys accepted {@code X-Perch-Write-Key} values, each optionally followed by the
 *     origins allowed to use it ({@code key https://shop.example}); empty means no key is required
 * @param rateLimit events per second per client (a remote address within its write key); 0 disables
 * @param rateBurst events a client may send at once before the rate applies
 * @param maxBodyBytes largest request body; larger ones get 413
 * @param maxBatchEvents most events in one request; more is a 400
 * @param maxEventAge oldest accepted eventTime, back from now
 * @param maxClockSkew how far in the future an eventTime may be (clients' clocks drift)
 * @param sendTimeout how long Kafka may take to acknowledge a request's events before 503
 * @param modelServer base URL of the model server for the {@code /v1/users/*} proxy, or null
 */
public record CollectorConfig(
        String bootstrapServers,
        int port,
        String topic,
        Set<String> writeKeys,
        double rateLimit,
        int rateBurst,
        int maxBodyBytes,
        int maxBatchEvents,
        Duration maxEventAge,
        Duration maxClockSkew,
        Duration sendTimeout,
        URI modelServer) {

    /** Default HTTP port of the collector. */
    public static final int DEFAULT_PORT = 8090;

    public CollectorConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        writeKeys = Set.copyOf(writeKeys);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (rateLimit < 0 || rateBurst < 1) {
            throw new IllegalArgumentException(
                    "rateLimit must be >= 0 and rateBurst >= 1: " + rateLimit + ", " + rateBurst);
        }
        if (maxBodyBytes < 1 || maxBatchEvents < 1) {
            throw new IllegalArgumentException("maxBodyBytes and maxBatchEvents must be >= 1");
        }
        Objects.requireNonNull(maxEventAge, "maxEventAge");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        if (sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("sendTimeout must be positive: " + sendTimeout);
        }
        // checked at start, not at the first read the proxy fails to forward
        if (modelServer != null
                && (!("http".equals(modelServer.getScheme())
                                || "https".equals(modelServer.getScheme()))
                        || modelServer.getHost() == null)) {
            throw new IllegalArgumentException(
                    "the model server must be an http or https URL with a host, e.g."
                            + " http://localhost:8081, got "
                            + modelServer);
        }
    }

    /**
     * Port 8090, no write keys, 100 events/s per client (burst 1000), 1 MiB, 500 events, 10 s for
     * Kafka to acknowledge.
     */
    public static CollectorConfig defaults(String bootstrapServers) {
        return new CollectorConfig(
                bootstrapServers,
                DEFAULT_PORT,
                Topics.EVENTS,
                Set.of(),
                100,
                1000,
                1024 * 1024,
                500,
                EventTimeBounds.DEFAULT.maxAge(),
                EventTimeBounds.DEFAULT.maxFutureSkew(),
                Duration.ofSeconds(10),
                null);
    }

    /**
     * The event-time bounds the collector enforces; the stream jobs derive theirs from the same
     * {@link EventTimeBounds}, so what is accepted here is not dropped there.
     */
    public EventTimeBounds eventTimeBounds() {
        return new EventTimeBounds(maxClockSkew, maxEventAge);
    }

    /** Whether requests must carry one of {@link #writeKeys}. */
    public boolean writeKeyRequired() {
        return !writeKeys.isEmpty();
    }

    public CollectorConfig withPort(int value) {
        return new CollectorConfig(
                bootstrapServers,
                value,
                topic,
                writeKeys,
                rateLimit,
                rateBurst,
                maxBodyBytes,
                maxBatchEvents,
                maxEventAge,
                maxClockSkew,
                sendTimeout,
                modelServer);
    }

    public CollectorConfig withWriteKeys(Set<String> value) {
        return new CollectorConfig(
                bootstrapServers,
                port,
                topic,
                value,
                rateLimit,
                rateBurst,
                maxBodyBytes,
                maxBatchEvents,
                maxEventAge,
                maxClockSkew,
                sendTimeout,
                modelServer);
    }

    public CollectorConfig withRateLimit(double perSecond, int burst) {
        return new CollectorConfig(
                bootstrapServers,
                port,
                topic,
                writeKeys,
                perSecond,
                burst,
                maxBodyBytes,
                maxBatchEvents,
                maxEventAge,
                maxClockSkew,
                sendTimeout,
                modelServer);
    }

    public CollectorConfig withMaxBodyBytes(int value) {
        return new CollectorConfig(
                bootstrapServers,
                port,
                topic,
                writeKeys,
                rateLimit,
                rateBurst,
                value,
                maxBatchEvents,
                maxEventAge,
                maxClockSkew,
                sendTimeout,
                modelServer);
    }

    public CollectorConfig withTopic(String value) {
        return new CollectorConfig(
                bootstrapServers,
                port,
                value,
                writeKeys,
                rateLimit,
                rateBurst,
                maxBodyBytes,
                maxBatchEvents,
                maxEventAge,
                maxClockSkew,
                sendTimeout,
                modelServer);
    }

    public CollectorConfig withSendTimeout(Duration value) {
        return new CollectorConfig(
                bootstrapServers,
                port,
                topic,
                writeKeys,
                rateLimit,
                rateBurst,
                maxBodyBytes,
                maxBatchEvents,
                maxEventAge,
                maxClockSkew,
                value,
                modelServer);
    }

    public CollectorConfig withModelServer(URI value) {
        return new CollectorConfig(
                bootstrapServers,
                port,
                topic,
                writeKeys,
                rateLimit,
                rateBurst,
                maxBodyBytes,
                maxBatchEvents,
                maxEventAge,
                maxClockSkew,
                sendTimeout,
                value);
    }
}
