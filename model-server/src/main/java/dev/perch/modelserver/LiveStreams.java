package dev.perch.modelserver;

import dev.perch.events.ops.ConnectionSlots;
import dev.perch.events.ops.StreamLimits;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open live streams (SSE) of this instance, bounded by {@link StreamLimits}: a client beyond
 * its share, or any client beyond the total, gets 429; every stream gets a heartbeat comment (a
 * write to a closed socket ends the stream and unsubscribes it) and is closed after the idle
 * timeout without a new list. All writes go through one executor, so events never interleave.
 */
final class LiveStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveStreams.class);

    private final StreamLimits limits;
    private final ConnectionSlots slots;
    private final ExecutorService writes;
    private final Map<SseClient, Stream> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "perch-sse-heartbeat");
                        t.setDaemon(true);
                        return t;
                    });

    /** One open stream: its client and when it last got a list. */
    final class Stream {
        private final SseClient client;
        private volatile long lastPushNanos = System.nanoTime();

        private Stream(SseClient client) {
            this.client = client;
        }

        SseClient client() {
            return client;
        }

        /** Sends one event (on the write executor). */
        void push(String event, String data) {
            lastPushNanos = System.nanoTime();
            write(
                    () -> {
                        if (!client.terminated()) {
                            client.sendEvent(event, data);
                        }
                    });
        }

        private void beat(long now) {
            if (!limits.idleTimeout().isZero()
                    && now - lastPushNanos > limits.idleTimeout().toNanos()) {
                write(client::close);
            } else {
                write(
                        () -> {
                            if (!client.terminated()) {
                                client.sendComment("keep-alive");
                            }
                        });
            }
        }

        private void write(Runnable action) {
            try {
                writes.execute(action);
            } catch (RejectedExecutionException closing) {
                // shutting down
            }
        }
    }

    LiveStreams(StreamLimits limits, ExecutorService writes) {
        this.limits = limits;
        this.slots = limits.slots();
        this.writes = writes;
        long every = limits.heartbeat().toMillis();
        heartbeats.scheduleWithFixedDelay(this::beatAll, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream for {@code ctx} when a slot is free (else 429); {@code subscribe} starts its
     * feed and returns how to stop it, which runs when the stream ends for any reason.
     */
    void open(Context ctx, Function<Stream, Runnable> subscribe) throws Exception {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            ctx.status(406).json(Map.of("error", "send Accept: text/event-stream for the stream"));
            return;
        }
        String clientAddress = ctx.req().getRemoteAddr();
        Optional<ConnectionSlots.Slot> slot = slots.tryAcquire(clientAddress);
        if (slot.isEmpty()) {
            ctx.header("Retry-After", "5")
                    .status(429)
                    .json(Map.of("error", slots.refusal(clientAddress)));
            return;
        }
        try {
            new SseHandler(
                            client -> {
                                Stream stream = new Stream(client);
                                open.put(client, stream);
                                Runnable unsubscribe = subscribe.apply(stream);
                                client.onClose(
                                        () -> {
                                            open.remove(client);
                                            unsubscribe.run();
                                            slot.get().release();
                                        });
                                client.keepAlive();
                            })
                    .handle(ctx);
        } catch (Exception | Error e) {
            slot.get().release();
            throw e;
        }
    }

    /** Streams open now. */
    int open() {
        return slots.open();
    }

    private void beatAll() {
        long now = System.nanoTime();
        try {
            open.values().forEach(stream -> stream.beat(now));
        } catch (RuntimeException e) {
            LOG.warn("SSE heartbeat failed: {}", e.toString());
        }
    }

    /** Stops the heartbeats and ends every open stream; call it before the server stops. */
    @Override
    public void close() {
        heartbeats.shutdownNow();
        for (SseClient client : List.copyOf(open.keySet())) {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing a stream failed: {}", e.toString());
            }
        }
        open.clear();
    }
}
