package dev.perch.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perch.access.ApiKeys;
import dev.perch.collector.EventBatchParser.Batch;
import dev.perch.collector.EventBatchParser.IncomingEvent;
import dev.perch.collector.EventBatchParser.Malformed;
import dev.perch.collector.EventBatchParser.ParsedBatch;
import dev.perch.events.ClickEventRules.FieldError;
import dev.perch.events.ops.BrokerProbe;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/events}: write key and its origins, size limit, parsing, the event rate limits
 * (per user, the stream jobs' own limit, then per client and per key), then one Kafka write per
 * valid event; the answer is sent only once Kafka acknowledged (or failed) every one of them. When
 * the broker does not answer the request gets a quick 503; sends run off the HTTP threads (the
 * producer may block on metadata) and answers are built on their own threads, never on the
 * producer's I/O thread.
 */
final class EventsEndpoint implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(EventsEndpoint.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JSON = "application/json";

    private final WriteKeys writeKeys;
    private final RateLimiter limiter;
    private final UserRateLimiter users;
    private final EventBatchParser parser;
    private final KafkaEventWriter writer;
    private final RecentEventIds recent;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private final int maxBodyBytes;
    private final Duration sendTimeout;
    private final BrokerProbe broker;
    private final Executor sends;
    private final Executor answers;

    EventsEndpoint(
            CollectorConfig config,
            KafkaEventWriter writer,
            CollectorMetrics metrics,
            Clock clock,
            RateLimiter limiter,
            UserRateLimiter users,
            BrokerProbe broker,
            Executor sends,
            Executor answers) {
        this.writeKeys = new WriteKeys(config.writeKeys());
        this.limiter = limiter;
        this.users = users;
        this.parser = new EventBatchParser(config.maxBatchEvents(), config.eventTimeBounds());
        this.writer = writer;
        this.recent = new RecentEventIds(100_000);
        this.metrics = metrics;
        this.clock = clock;
        this.maxBodyBytes = config.maxBodyBytes();
        this.sendTimeout = config.sendTimeout();
        this.broker = broker;
        this.sends = sends;
        this.answers = answers;
    }

    /** What happened to one valid event. */
    private enum Outcome {
        STORED,
        DUPLICATE,
        FAILED
    }

    @Override
    public void handle(Context ctx) throws IOException {
        Timer.Sample sample = Timer.start();
        String key = ctx.header(WriteKeys.HEADER);
        if (key == null && ctx.queryParam("writeKey") != null) {
            refuse(
                    ctx,
                    400,
                    "send the write key in the " + WriteKeys.HEADER + " header, not the URL");
            return;
        }
        if (!writeKeys.accepts(key)) {
            refuse(ctx, 401, key == null ? "a write key is required" : "unknown write key");
            return;
        }
        String origin = ctx.header("Origin");
        if (!writeKeys.allowsOrigin(key, origin)) {
            refuse(ctx, 403, "this write key may not be used from origin " + origin);
            return;
        }
        if (!broker.reachable()) {
            ctx.header("Retry-After", "2");
            refuse(ctx, 503, "Kafka is unreachable; nothing was stored, send the events again");
            return;
        }
        byte[] body = readBounded(ctx);
        if (body == null) {
            refuse(ctx, 413, "the body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        ParsedBatch parsed = parser.parse(body, clock.instant());
        if (parsed instanceof Malformed malformed) {
            refuse(ctx, 400, malformed.reason());
            return;
        }
        List<IncomingEvent> events = ((Batch) parsed).events();
        UserRateLimiter.Verdict perUser =
                users.tryAdmit(
                        events.stream()
                                .filter(IncomingEvent::isValid)
                                .map(IncomingEvent::event)
                                .toList(),
                        clock.millis());
        if (!perUser.allowed()) {
            ctx.header("Retry-After", Long.toString(perUser.retryAfterSeconds()));
            refuse(ctx, 429, perUser.reason());
            return;
        }
        String keyId = writeKeys.required() ? ApiKeys.fingerprint(key) : null;
        RateLimiter.Decision decision =
                limiter.tryConsume(keyId, ctx.req().getRemoteAddr(), events.size());
        if (!decision.allowed()) {
            users.undo(perUser);
            if (decision.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", Long.toString(decision.retryAfterSeconds()));
            }
            refuse(ctx, decision.retryAfterSeconds() > 0 ? 429 : 413, decision.reason());
            return;
        }
        CompletableFuture<List<CompletableFuture<Outcome>>> stored;
        try {
            stored = CompletableFuture.supplyAsync(() -> store(events), sends);
        } catch (RejectedExecutionException busy) {
            users.undo(perUser);
            ctx.header("Retry-After", "1");
            refuse(ctx, 503, "too many requests wait for Kafka; send the events again");
            return;
        }
        ctx.future(
                () ->
                        stored.thenCompose(
                                outcomes ->
                                        CompletableFuture.allOf(
                                                        outcomes.stream()
                                                                .filter(Objects::nonNull)
                                                                .toArray(CompletableFuture[]::new))
                                                .handleAsync(
                                                        (ignored, error) -> {
                                                            answer(ctx, events, outcomes);
                                                            sample.stop(metrics.latency());
                                                            return null;
                                                        },
                                                        answers)));
    }

    private List<CompletableFuture<Outcome>> store(List<IncomingEvent> events) {
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(events.size());
        Map<String, CompletableFuture<Outcome>> inThisBatch = new HashMap<>();
        for (IncomingEvent incoming : events) {
            if (!incoming.isValid()) {
                outcomes.add(null);
                continue;
            }
            String id = incoming.event().getEventId();
            CompletableFuture<Outcome> earlier = inThisBatch.get(id);
            if (earlier != null) {
                outcomes.add(earlier.thenApply(o -> o == Outcome.FAILED ? o : Outcome.DUPLICATE));
            } else if (recent.contains(id)) {
                outcomes.add(CompletableFuture.completedFuture(Outcome.DUPLICATE));
            } else {
                CompletableFuture<Outcome> outcome =
                        writer.send(incoming.event())
                                .orTimeout(sendTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)
                                .handle((metadata, error) -> stored(id, error));
                inThisBatch.put(id, outcome);
                outcomes.add(outcome);
            }
        }
        return outcomes;
    }

    private Outcome stored(String eventId, Throwable error) {
        if (error == null) {
            recent.add(eventId);
            return Outcome.STORED;
        }
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        LOG.debug("Event {} not acknowledged by Kafka: {}", eventId, cause.toString());
        return Outcome.FAILED;
    }

    private void answer(
            Context ctx, List<IncomingEvent> events, List<CompletableFuture<Outcome>> outcomes) {
        int accepted = 0;
        int rejected = 0;
        int failed = 0;
        int duplicates = 0;
        ArrayNode results = MAPPER.createArrayNode();
        for (int i = 0; i < events.size(); i++) {
            IncomingEvent incoming = events.get(i);
            ObjectNode result = results.addObject();
            result.put("index", incoming.index());
            if (incoming.eventId() != null) {
                result.put("eventId", incoming.eventId());
            }
            if (!incoming.isValid()) {
                rejected++;
                result.put("status", "rejected");
                ArrayNode errors = result.putArray("errors");
                for (FieldError e : incoming.errors()) {
                    errors.addObject().put("field", e.field()).put("reason", e.reason());
                }
                continue;
            }
            Outcome outcome = outcomes.get(i).getNow(Outcome.FAILED);
            if (outcome == Outcome.FAILED) {
                failed++;
                result.put("status", "failed");
                result.put("reason", "Kafka did not acknowledge the event; send it again");
            } else {
                accepted++;
                result.put("status", "accepted");
                if (outcome == Outcome.DUPLICATE) {
                    duplicates++;
                    result.put("duplicate", true);
                }
            }
        }
        metrics.accepted(accepted - duplicates);
        metrics.duplicates(duplicates);
        if (rejected > 0) {
            metrics.rejected(CollectorMetrics.INVALID, rejected);
        }
        if (failed > 0) {
            metrics.rejected(CollectorMetrics.NOT_STORED, failed);
            LOG.warn("{} events not acknowledged by Kafka; answered 503", failed);
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("accepted", accepted);
        body.put("rejected", rejected);
        body.put("failed", failed);
        body.set("results", results);
        int status = failed > 0 ? 503 : accepted > 0 ? 200 : 400;
        if (failed > 0) {
            ctx.header("Retry-After", "1");
        }
        ctx.status(status).contentType(JSON).result(body.toString());
    }

    private void refuse(Context ctx, int status, String reason) {
        metrics.refused(status);
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error", reason);
        ctx.status(status).contentType(JSON).result(body.toString());
    }

    /** The body, or null when it is longer than the limit (checked before and while reading). */
    private byte[] readBounded(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            return null;
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            return bytes.length > maxBodyBytes ? null : bytes;
        }
    }
}
