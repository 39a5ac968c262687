package dev.perch.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perch.cli.local.LocalStack;
import dev.perch.cli.local.ServiceProcess;
import dev.perch.demo.DemoCatalog;
import dev.perch.events.Item;
import dev.perch.kafka.ProcessKafkaBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end-to-end fault run behind {@code bin/perch chaos} and its shortened integration test: a
 * steady stream of events is posted through the collector of a running {@link LocalStack} (each
 * event retried with its own id until the collector answers "accepted", as a tracker does), the
 * stream jobs, the model server, the collector and the broker are killed with SIGKILL in turn (the
 * stack's supervisor restarts them), and when the stream ends every user's state must count exactly
 * the events accepted for it and every user must have a list built from that state.
 */
public final class ChaosRun {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The processes killed, in order. */
    public static final List<String> VICTIMS =
            List.of("stream-jobs", "model-server", "collector", "kafka");

    /**
     * @param users distinct users the events are spread over
     * @param eventsPerSecond the steady rate of the generated stream
     * @param warmup how long the stream runs before the first kill
     * @param afterRecovery how long the stream runs after each recovery before the next kill
     * @param recoveryTimeout the longest a recovery may take before the run fails
     * @param drainTimeout how long, after the stream ended, the counts may take to settle
     */
    public record Options(
            int users,
            double eventsPerSecond,
            Duration warmup,
            Duration afterRecovery,
            Duration recoveryTimeout,
            Duration drainTimeout) {}

    /** One kill: the victim and the time until a list for an event received after it appeared. */
    public record Kill(String victim, Instant at, Duration recovery) {}

    /**
     * What the run measured.
     *
     * @param sent distinct events generated
     * @param accepted events the collector answered "accepted" (each once, whatever the retries)
     * @param retries answers that asked for a retry (503, connection refused, time-out)
     * @param counted events counted in the users' states at the end
     * @param users users that got events
     * @param usersMatching users whose state counts exactly their accepted events
     * @param usersWithCurrentList users whose stored list was built from their latest state
     * @param kills each kill with its recovery time
     * @param mismatches user -> "accepted/counted" for users that do not match (empty when fine)
     */
    public record Report(
            long sent,
            long accepted,
            long retries,
            long counted,
            int users,
            int usersMatching,
            int usersWithCurrentList,
            List<Kill> kills,
            Map<String, String> mismatches) {

        /** Whether every accepted event was counted exactly once and every list is current. */
        public boolean passed() {
            return accepted == sent
                    && counted == accepted
                    && usersMatching == users
                    && usersWithCurrentList == users
                    && kills.size() == VICTIMS.size();
        }
    }

    private final LocalStack stack;
    private final Options options;
    private final PrintWriter out;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, AtomicLong> acceptedByUser = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<String> itemIds =
            DemoCatalog.items(Instant.EPOCH).stream().map(Item::getItemId).toList();

    public ChaosRun(LocalStack stack, Options options, PrintWriter out) {
        this.stack = stack;
        this.options = options;
        this.out = out;
    }

    /** Runs the stream, the kills and the final count. */
    public Report run() throws Exception {
        Thread sender = new Thread(this::sendSteadily, "chaos-sender");
        sender.start();
        List<Kill> kills = new ArrayList<>();
        try {
            say("stream running at %s events/s over %d users", rate(), options.users());
            pause(options.warmup());
            for (String victim : VICTIMS) {
                Instant at = Instant.now();
                kill(victim);
                Duration recovery = awaitFreshList(at);
                kills.add(new Kill(victim, at, recovery));
                say(
                        "kill -9 %s: a list for an event received after the kill %d ms later",
                        victim, recovery.toMillis());
                pause(options.afterRecovery());
            }
        } finally {
            stop.set(true);
            sender.join(TimeUnit.MINUTES.toMillis(2));
        }
        say(
                "stream ended: %d events sent, %d accepted, %d retried answers; counting ...",
                sent.get(), accepted.get(), retries.get());
        return count(kills);
    }

    private String rate() {
        return Double.toString(options.eventsPerSecond());
    }

    /** Posts one event at a time at the rate; each is retried with its id until accepted. */
    private void sendSteadily() {
        long intervalNanos = (long) (1e9 / options.eventsPerSecond());
        long next = System.nanoTime();
        long n = 0;
        while (!stop.get()) {
            String user = "chaos-user-" + (n % options.users());
            String item = itemIds.get((int) ((n * 7) % itemIds.size()));
            String id = UUID.randomUUID().toString();
            sent.incrementAndGet();
            postUntilAccepted(user, item, id);
            n++;
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
    }

    private void postUntilAccepted(String user, String item, String id) {
        while (true) {
            String body =
                    "{\"eventId\":\""
                            + id
                            + "\",\"userId\":\""
                            + user
                            + "\",\"type\":\"view\",\"itemId\":\""
                            + item
                            + "\",\"eventTime\":"
                            + System.currentTimeMillis()
                            + "}";
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create(stack.collectorUrl() + "/v1/events"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
            try {
                HttpResponse<String> response =
                        http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200
                        && MAPPER.readTree(response.body()).path("accepted").asInt() == 1) {
                    accepted.incrementAndGet();
                    acceptedByUser.computeIfAbsent(user, u -> new AtomicLong()).incrementAndGet();
                    return;
                }
                if (response.statusCode() >= 400
                        && response.statusCode() < 500
                        && response.statusCode() != 429) {
                    throw new IllegalStateException(
                            "the collector refused a valid event: " + response.body());
                }
            } catch (IOException e) {
                // the collector is restarting or the connection broke: retry the same id
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            retries.incrementAndGet();
            sleepNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    private void kill(String victim) {
        if (victim.equals("kafka")) {
            ProcessKafkaBroker broker = (ProcessKafkaBroker) stack.broker();
            broker.processHandle().orElseThrow().destroyForcibly();
        } else {
            ServiceProcess service =
                    stack.services().stream()
                            .filter(s -> s.name().equals(victim))
                            .findFirst()
                            .orElseThrow();
            service.handle().destroyForcibly();
        }
        say("kill -9 %s", victim);
    }

    /**
     * Waits until some user's stored list was caused by an event the collector received after
     * {@code killedAt}: the whole path (collector, Kafka, stream jobs, model server) works again.
     */
    private Duration awaitFreshList(Instant killedAt) throws InterruptedException {
        long deadline = System.nanoTime() + options.recoveryTimeout().toNanos();
        int u = 0;
        while (System.nanoTime() < deadline) {
            String user = "chaos-user-" + (u++ % options.users());
            Optional<JsonNode> list = get("/v1/users/" + user + "/recommendations");
            if (list.isPresent()
                    && "stored".equals(list.get().path("source").asText())
                    && !list.get().path("causeReceivedTime").isNull()
                    && Instant.parse(list.get().path("causeReceivedTime").asText())
                            .isAfter(killedAt)) {
                return Duration.between(killedAt, Instant.now());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException(
                "no fresh list within " + options.recoveryTimeout() + " after the kill");
    }

    private Report count(List<Kill> kills) throws InterruptedException {
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        Map<String, String> mismatches = new LinkedHashMap<>();
        long counted = 0;
        int matching = 0;
        int current = 0;
        while (true) {
            mismatches.clear();
            counted = 0;
            matching = 0;
            current = 0;
            for (Map.Entry<String, AtomicLong> entry : acceptedByUser.entrySet()) {
                String user = entry.getKey();
                long expected = entry.getValue().get();
                Optional<JsonNode> state = get("/v1/users/" + user + "/state");
                long inState = 0;
                if (state.isPresent()) {
                    for (JsonNode count : state.get().path("eventCounts")) {
                        inState += count.asLong();
                    }
                }
                counted += inState;
                if (inState == expected) {
                    matching++;
                } else {
                    mismatches.put(user, expected + " accepted / " + inState + " counted");
                }
                Optional<JsonNode> list = get("/v1/users/" + user + "/recommendations");
                if (state.isPresent()
                        && list.isPresent()
                        && "stored".equals(list.get().path("source").asText())
                        && list.get().path("userStateVersion").asLong()
                                == state.get().path("version").asLong()) {
                    current++;
                }
            }
            boolean settled = mismatches.isEmpty() && current == acceptedByUser.size();
            if (settled || System.nanoTime() > deadline) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return new Report(
                sent.get(),
                accepted.get(),
                retries.get(),
                counted,
                acceptedByUser.size(),
                matching,
                current,
                List.copyOf(kills),
                Map.copyOf(mismatches));
    }

    private Optional<JsonNode> get(String path) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(stack.modelServerUrl() + path))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    ? Optional.of(MAPPER.readTree(response.body()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static void pause(Duration duration) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void say(String format, Object... args) {
        out.printf(format + "%n", args);
        out.flush();
    }
}
