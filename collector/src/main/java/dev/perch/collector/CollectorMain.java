package dev.perch.collector;

import dev.perch.access.ApiKeys;
import dev.perch.access.KafkaClientProperties;
import dev.perch.access.ReadAccess;
import dev.perch.access.Secrets;
import dev.perch.access.UserTokens;
import dev.perch.core.UserEventRate;
import dev.perch.events.ops.ParentWatch;
import dev.perch.events.ops.StreamLimits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line of the collector: parses the options into a {@link CollectorConfig}, starts the
 * server and runs until the process is stopped (a shutdown hook closes the Kafka producer).
 */
@Command(
        name = "perch-collector",
        mixinStandardHelpOptions = true,
        description =
                "HTTP collector: POST /v1/events into Kafka, the tracker, the read proxy to the"
                        + " model server.")
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
            names = "--host",
            defaultValue = "0.0.0.0",
            description =
                    "Address to listen on; 127.0.0.1 keeps it local (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--write-keys",
            defaultValue = "${env:PERCH_WRITE_KEYS_REF}",
            description =
                    "Where the write keys are: file:/path or env:NAME, one key per line, optionally"
                            + " followed by the origins allowed to use it; none = no key needed."
                            + " Never the keys themselves (they would show in ps).")
    String writeKeys;

    @Option(
            names = "--read-keys",
            defaultValue = "${env:PERCH_READ_KEYS_REF}",
            description =
                    "Where the server-side read keys of storefront back ends are: file:/path or"
                            + " env:NAME, one per line.")
    String readKeys;

    @Option(
            names = "--token-secrets",
            defaultValue = "${env:PERCH_TOKEN_SECRETS_REF}",
            description =
                    "Where the user-token secrets are: file:/path or env:NAME, newest first (two"
                            + " during a rotation).")
    String tokenSecrets;

    @Option(
            names = "--token-max-lifetime",
            defaultValue = "PT1H",
            description = "Longest lifetime of an accepted user token (default: ${DEFAULT-VALUE}).")
    Duration tokenMaxLifetime;

    @Option(
            names = "--model-server-key",
            defaultValue = "${env:PERCH_MODEL_SERVER_KEY_REF}",
            description = "Where the API key shown to the model server is: file:/path or env:NAME.")
    String modelServerKey;

    @Option(
            names = "--kafka-properties",
            defaultValue = "${env:" + KafkaClientProperties.ENV + "}",
            description = "Kafka client properties file (security.protocol, SASL, TLS).")
    Path kafkaProperties;

    @Option(
            names = "--rate-limit",
            defaultValue = "100",
            description =
                    "Events per second per client (within its write key); 0 disables (default:"
                            + " ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(
            names = "--rate-burst",
            description =
                    "Events a client may send at once (default: ten times the rate, at least one"
                            + " full batch).")
    Integer rateBurst;

    @Option(
            names = "--key-rate-limit",
            defaultValue = "0",
            description =
                    "Events per second per write key, all its clients together; 0 disables"
                            + " (default: ${DEFAULT-VALUE}).")
    double keyRateLimit;

    @Option(
            names = "--key-rate-burst",
            description = "Events a write key may send at once (default: ten times its rate).")
    Long keyRateBurst;

    @Option(
            names = "--max-events-per-user-per-minute",
            defaultValue = "" + UserEventRate.DEFAULT_MAX_PER_MINUTE,
            description =
                    "Events one user may send per minute of event time; a request past it gets 429"
                            + " (default: ${DEFAULT-VALUE}). Keep it equal to the user-state job's"
                            + " perch.user-state.max-events-per-user-per-minute.")
    int maxEventsPerUserPerMinute;

    @Option(
            names = "--max-body-bytes",
            defaultValue = "1048576",
            description = "Largest request body (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(
            names = "--send-timeout",
            defaultValue = "PT10S",
            description =
                    "How long Kafka may take to acknowledge a request's events before 503; also"
                            + " bounds the producer's request and delivery timeouts, so a hung"
                            + " broker is detected, not waited on (default: ${DEFAULT-VALUE}).")
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

    /** The configuration these options describe. */
    CollectorConfig config() {
        return config(Secrets.fromProcessEnvironment());
    }

    /** The configuration these options describe, secrets read through {@code secrets}. */
    CollectorConfig config(Secrets secrets) {
        int burst = rateBurst != null ? rateBurst : Math.max(500, (int) Math.ceil(rateLimit * 10));
        return CollectorConfig.defaults(bootstrap)
                .withPort(port)
                .withWriteKeys(new LinkedHashSet<>(secrets.read(writeKeys)))
                .withRateLimit(rateLimit, burst)
                .withMaxBodyBytes(maxBodyBytes)
                .withSendTimeout(sendTimeout)
                .withModelServer(modelServer);
    }

    /** The access rules these options describe, secrets read through {@code secrets}. */
    CollectorAccess access(Secrets secrets) {
        long keyBurst =
                keyRateBurst != null
                        ? keyRateBurst
                        : Math.max(500, (long) Math.ceil(keyRateLimit * 10));
        ReadAccess reads =
                new ReadAccess(
                        new ApiKeys(secrets.read(readKeys)),
                        new UserTokens(secrets.read(tokenSecrets), tokenMaxLifetime),
                        Clock.systemUTC());
        return new CollectorAccess(
                host,
                reads,
                new RateLimiter.Limit(keyRateLimit, keyBurst),
                new UserEventRate(maxEventsPerUserPerMinute),
                modelServerKey == null ? null : secrets.readOne(modelServerKey),
                KafkaClientProperties.load(kafkaProperties));
    }

    /** Its command line is this command's, or as a mixin the demo shop's that holds it. */
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        return serve(CollectorServer.Site.NONE);
    }

    /**
     * Runs the collector these options describe, with {@code site} mounted on its origin, until the
     * process is stopped: what {@code perch-collector} runs with no site, and a shop's own command
     * (the demo shop's) with its pages and back end.
     */
    public int serve(CollectorServer.Site site) throws InterruptedException {
        ParentWatch.exitWithParent("collector");
        Secrets secrets = Secrets.fromProcessEnvironment();
        CollectorConfig config;
        CollectorAccess access;
        try {
            config = config(secrets);
            access = access(secrets);
        } catch (IllegalArgumentException e) {
            // a wrong option or secret reference: its message and the usage, exit 2, no trace
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        CollectorServer server =
                CollectorServer.start(
                        config,
                        access,
                        Clock.systemUTC(),
                        StreamLimits.COLLECTOR.withCounts(maxStreamsPerClient, maxStreams),
                        site);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    stopped.countDown();
                                },
                                "collector-shutdown"));
        System.out.println("Perch collector on http://" + host + ":" + server.port() + "/");
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CollectorMain()).execute(args));
    }
}
