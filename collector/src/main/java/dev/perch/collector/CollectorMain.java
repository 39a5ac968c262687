package dev.perch.collector;

import dev.perch.events.ops.ParentWatch;
import dev.perch.events.ops.StreamLimits;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the collector: parses the options into a {@link CollectorConfig}, starts the
 * server and runs until the process is stopped (a shutdown hook closes the Kafka producer).
 */
@Command(
        name = "perch-collector",
        mixinStandardHelpOptions = true,
        description = "HTTP collector: POST /v1/events into Kafka, the tracker and the demo shop.")
public final class CollectorMain implements Callable<Integer> {

    @Option(
            names = "--bootstrap",
            defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(
            names = "--port",
            defaultValue = "" + CollectorConfig.DEFAULT_PORT,
            description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--write-keys",
            split = ",",
            description =
                    "Accepted X-Perch-Write-Key values, comma separated; none = no key needed.")
    List<String> writeKeys = List.of();

    @Option(
            names = "--rate-limit",
            defaultValue = "50",
            description = "Requests per second per client; 0 disables (default: ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(
            names = "--rate-burst",
            description = "Requests a client may send at once (default: twice the rate limit).")
    Integer rateBurst;

    @Option(
            names = "--max-body-bytes",
            defaultValue = "1048576",
            description = "Largest request body (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(
            names = "--send-timeout",
            defaultValue = "PT30S",
            description = "How long Kafka may take to acknowledge (default: ${DEFAULT-VALUE}).")
    Duration sendTimeout;

    @Option(
            names = "--model-server",
            description =
                    "Model server base URL for the /v1/users/* proxy, e.g. http://localhost:8080.")
    URI modelServer;

    @Option(
            names = "--max-streams-per-client",
            defaultValue = "16",
            description =
                    "Live streams one client address may hold open (default: ${DEFAULT-VALUE}).")
    int maxStreamsPerClient;

    @Option(
            names = "--max-streams",
            defaultValue = "512",
            description = "Live streams open at most in total (default: ${DEFAULT-VALUE}).")
    int maxStreams;

    @Option(names = "--no-demo", description = "Do not serve the demo catalog on /v1/catalog.")
    boolean noDemo;

    /** The configuration these options describe. */
    CollectorConfig config() {
        int burst = rateBurst != null ? rateBurst : Math.max(1, (int) Math.ceil(rateLimit * 2));
        return CollectorConfig.defaults(bootstrap)
                .withPort(port)
                .withWriteKeys(new LinkedHashSet<>(writeKeys))
                .withRateLimit(rateLimit, burst)
                .withMaxBodyBytes(maxBodyBytes)
                .withSendTimeout(sendTimeout)
                .withModelServer(modelServer)
                .withDemo(!noDemo);
    }

    @Override
    public Integer call() throws InterruptedException {
        ParentWatch.exitWithParent("collector");
        CollectorServer server =
                CollectorServer.start(
                        config(),
                        Clock.systemUTC(),
                        StreamLimits.COLLECTOR.withCounts(maxStreamsPerClient, maxStreams));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    stopped.countDown();
                                },
                                "collector-shutdown"));
        System.out.println("Perch collector on http://localhost:" + server.port() + "/");
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CollectorMain()).execute(args));
    }
}
