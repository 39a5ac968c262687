package dev.perch.collector;

import dev.perch.events.ops.ConnectionSlots;
import dev.perch.events.ops.StreamLimits;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards {@code GET /v1/users/*} (once {@link ReadGuard} let the request through) to the model
 * server so the demo page talks to one origin. JSON answers are copied through (bounded by a
 * request timeout). A live stream ({@code text/event-stream}) holds no HTTP thread: it takes a slot
 * of {@link StreamLimits} (429 beyond), is copied chunk by chunk as it arrives, sends heartbeat
 * comments that find a browser that went away, ends when the model server stays silent, and
 * releases its slot whichever side hangs up.
 */
final class ModelServerProxy implements Handler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelServerProxy.class);
    private static final String EVENT_STREAM = "text/event-stream";
    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String apiKey;
    private final StreamLimits limits;
    private final ConnectionSlots slots;
    private final HttpClient client;
    private final ExecutorService pumps;
    private final ScheduledExecutorService heartbeats;

    /**
     * A proxy to {@code base} (e.g. {@code http://localhost:8080}); null answers 503. {@code
     * apiKey}, when not null, is shown to the model server; the caller's own credentials never are.
     */
    ModelServerProxy(URI base, String apiKey, StreamLimits limits) {
        this.base = base;
        this.apiKey = apiKey;
        this.limits = limits;
        this.slots = limits.slots();
        this.pumps = Executors.newCachedThreadPool(daemon("perch-proxy-http"));
        this.client =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .version(HttpClient.Version.HTTP_1_1)
                        .executor(pumps)
                        .build();
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("perch-sse-heartbeat"));
    }

    /** Streams open through this proxy now. */
    int openStreams() {
        return slots.open();
    }

    @Override
    public void handle(Context ctx) throws Exception {
        if (base == null) {
            error(ctx, 503, "no model server configured (start the collector with --model-server)");
            return;
        }
        String query = ctx.queryString();
        URI target =
                URI.create(
                        base.toString().replaceAll("/+$", "")
                                + ctx.req().getRequestURI()
                                + (query == null ? "" : "?" + query));
        String accept = ctx.header("Accept");
        boolean stream =
                ctx.path().endsWith("/stream") || (accept != null && accept.contains(EVENT_STREAM));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (apiKey != null) {
            request.header(dev.perch.access.ReadAccess.KEY_HEADER, apiKey);
        }
        if (stream) {
            openStream(ctx, request.build());
        } else {
            forward(ctx, request.timeout(REQUEST_TIMEOUT).build());
        }
    }

    private void forward(Context ctx, HttpRequest request) throws InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.warn("Model server {} unreachable: {}", base, e.toString());
            error(ctx, 502, "the model server did not answer: " + e.getMessage());
            return;
        }
        ctx.status(response.statusCode())
                .contentType(
                        response.headers().firstValue("Content-Type").orElse("application/json"))
                .result(response.body());
    }

    private void openStream(Context ctx, HttpRequest request) {
        String clientAddress = ctx.req().getRemoteAddr();
        Optional<ConnectionSlots.Slot> slot = slots.tryAcquire(clientAddress);
        if (slot.isEmpty()) {
            ctx.header("Retry-After", "5");
            error(ctx, 429, slots.refusal(clientAddress));
            return;
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        Relay relay = new Relay(ctx.req(), ctx.res(), slot.get(), done);
        ctx.future(() -> done);
        client.sendAsync(request, info -> relay.subscriberFor(info, ctx))
                .whenComplete(
                        (response, error) -> {
                            if (error != null) {
                                LOG.warn("Model server {} unreachable: {}", base, error.toString());
                                relay.finish(
                                        () ->
                                                error(
                                                        ctx,
                                                        502,
                                                        "the model server did not answer: "
                                                                + error.getMessage()));
                            } else if (response.body() != null) {
                                relay.finish(
                                        () ->
                                                ctx.status(response.statusCode())
                                                        .contentType(
                                                                response.headers()
                                                                        .firstValue("Content-Type")
                                                                        .orElse("application/json"))
                                                        .result(response.body()));
                            }
                        });
    }

    /**
     * Copies one event stream from the model server to the browser as its chunks arrive (on the
     * HTTP client's threads, none held while waiting), with heartbeats; ends once, from whichever
     * side: upstream done or failed, a write to the browser failed, upstream silent too long, or
     * the servlet container finished the request itself (the browser went away).
     *
     * <p>Once the container has finished the request, Jetty recycles the response, and answering
     * through Javalin's future then made Javalin loop for ever on "Response does not exist" (a CI
     * run logged 30 million lines while the heartbeat thread spun, so no other stream ended). So
     * the relay watches the request's async context, completes Javalin's future only while the
     * response still exists, and does so on a pump thread, never on the heartbeat thread.
     */
    private final class Relay implements Flow.Subscriber<List<ByteBuffer>> {
        private final HttpServletRequest req;
        private final HttpServletResponse res;
        private final ConnectionSlots.Slot slot;
        private final CompletableFuture<Object> done;
        private final long silentLimitNanos = limits.heartbeat().multipliedBy(3).toNanos();
        private volatile Flow.Subscription subscription;
        private volatile ScheduledFuture<?> heartbeat;
        private volatile long lastUpstreamNanos = System.nanoTime();
        private boolean finished;
        private volatile boolean containerDone;

        Relay(
                HttpServletRequest req,
                HttpServletResponse res,
                ConnectionSlots.Slot slot,
                CompletableFuture<Object> done) {
            this.req = req;
            this.res = res;
            this.slot = slot;
            this.done = done;
        }

        /** An event stream is relayed; any other answer is read whole and copied through. */
        HttpResponse.BodySubscriber<byte[]> subscriberFor(
                HttpResponse.ResponseInfo info, Context ctx) {
            String type = info.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith(EVENT_STREAM)) {
                return HttpResponse.BodySubscribers.ofByteArray();
            }
            synchronized (this) {
                res.setStatus(info.statusCode());
                res.setContentType(EVENT_STREAM);
                res.setCharacterEncoding("UTF-8");
                res.setHeader("Cache-Control", "no-cache");
                res.setHeader("X-Accel-Buffering", "no");
            }
            return HttpResponse.BodySubscribers.fromSubscriber(this, relay -> null);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            watchContainer();
            try {
                synchronized (this) {
                    res.flushBuffer();
                }
            } catch (IOException e) {
                end("browser gone before the first byte");
                return;
            }
            long every = limits.heartbeat().toMillis();
            heartbeat =
                    heartbeats.scheduleWithFixedDelay(
                            this::beat, every, every, TimeUnit.MILLISECONDS);
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> chunks) {
            lastUpstreamNanos = System.nanoTime();
            try {
                synchronized (this) {
                    if (finished) {
                        return;
                    }
                    OutputStream out = res.getOutputStream();
                    for (ByteBuffer chunk : chunks) {
                        byte[] bytes = new byte[chunk.remaining()];
                        chunk.get(bytes);
                        out.write(bytes);
                    }
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                end("browser gone: " + e);
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable error) {
            end("model server stream failed: " + error);
        }

        @Override
        public void onComplete() {
            end("model server ended the stream");
        }

        /** Ends the relay when the container completes or fails the request on its own. */
        private void watchContainer() {
            try {
                if (!req.isAsyncStarted()) {
                    return;
                }
                req.getAsyncContext()
                        .addListener(
                                new AsyncListener() {
                                    @Override
                                    public void onComplete(AsyncEvent event) {
                                        containerDone = true;
                                        end("the request was completed");
                                    }

                                    @Override
                                    public void onError(AsyncEvent event) {
                                        containerDone = true;
                                        end("the request failed: " + event.getThrowable());
                                    }

                                    @Override
                                    public void onTimeout(AsyncEvent event) {}

                                    @Override
                                    public void onStartAsync(AsyncEvent event) {}
                                });
            } catch (RuntimeException e) {
                LOG.debug("Cannot watch a proxied stream's request: {}", e.toString());
            }
        }

        /** Whether Javalin may still answer: the container has not finished the request. */
        private boolean answerable() {
            if (containerDone) {
                return false;
            }
            try {
                res.getStatus();
                return true;
            } catch (RuntimeException recycled) {
                return false;
            }
        }

        /** Runs on the heartbeat scheduler: must never throw (that would cancel its schedule). */
        private void beat() {
            if (System.nanoTime() - lastUpstreamNanos > silentLimitNanos) {
                end("the model server went silent");
                return;
            }
            try {
                synchronized (this) {
                    if (finished) {
                        return;
                    }
                    OutputStream out = res.getOutputStream();
                    out.write(HEARTBEAT);
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                end("browser gone: " + e);
            }
        }

        private void end(String why) {
            LOG.debug("Event stream proxy ended: {}", why);
            try {
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
            } catch (RuntimeException e) {
                LOG.debug("Cancelling the upstream stream failed: {}", e.toString());
            } finally {
                finish(() -> {});
            }
        }

        /** Releases everything once, running {@code last} just before the answer completes. */
        void finish(Runnable last) {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
            }
            ScheduledFuture<?> beat = heartbeat;
            if (beat != null) {
                beat.cancel(false);
            }
            slot.release();
            try {
                last.run();
            } catch (RuntimeException e) {
                LOG.debug("Answering a proxied stream failed: {}", e.toString());
            } finally {
                if (answerable()) {
                    Runnable complete =
                            () -> {
                                try {
                                    done.complete(null);
                                } catch (RuntimeException e) {
                                    LOG.debug(
                                            "Completing a proxied stream failed: {}", e.toString());
                                }
                            };
                    try {
                        pumps.execute(complete);
                    } catch (RejectedExecutionException closing) {
                        complete.run();
                    }
                } else {
                    LOG.debug("Proxied stream's request already finished by the container");
                }
            }
        }
    }

    private static void error(Context ctx, int status, String reason) {
        ctx.status(status)
                .contentType("application/json")
                .result(
                        "{\"error\":"
                                + com.fasterxml.jackson.databind.node.TextNode.valueOf(reason)
                                + "}");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        pumps.shutdownNow();
    }
}
