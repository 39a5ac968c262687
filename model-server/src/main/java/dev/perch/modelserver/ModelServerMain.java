package dev.perch.modelserver;

import dev.perch.access.ApiKeys;
import dev.perch.access.KafkaClientProperties;
import dev.perch.access.ReadAccess;
import dev.perch.access.Secrets;
import dev.perch.access.UserTokens;
import dev.perch.core.recommend.BusinessRules;
import dev.perch.events.ops.ParentWatch;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The model-server process: parses the options into a {@link ModelServerConfig}, starts one {@link
 * ModelServer} and stops it on SIGTERM. {@code bin/perch local} starts it as a child.
 */
@Command(
        name = "model-server",
        mixinStandardHelpOptions = true,
        description = "Scores fresh user states into recommendations (Kafka Streams + DJL).")
public final class ModelServerMain implements Callable<Integer> {
    private static final ModelServerConfig DEFAULTS = ModelServerConfig.defaults();

    @Option(
            names = "--bootstrap",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap = DEFAULTS.bootstrapServers();

    @Option(
            names = "--application-id",
            description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
    String applicationId = DEFAULTS.applicationId();

    @Option(
            names = "--host",
            description =
                    "Host name other instances reach this one at (default: ${DEFAULT-VALUE}).")
    String host = DEFAULTS.host();

    @Option(
            names = "--bind",
            description =
                    "Address the HTTP port listens on; anything but loopback needs --api-keys"
                            + " (default: ${DEFAULT-VALUE}).")
    String bind = ModelServerAccess.LOOPBACK;

    @Option(
            names = "--api-keys",
            defaultValue = "${env:PERCH_API_KEYS_REF}",
            description =
                    "Where the server-side API keys are (collector, storefront back ends):"
                            + " file:/path or env:NAME, one per line. Never the keys themselves.")
    String apiKeys;

    @Option(
            names = "--token-secrets",
            defaultValue = "${env:PERCH_TOKEN_SECRETS_REF}",
            description = "Where the user-token secrets are: file:/path or env:NAME, newest first.")
    String tokenSecrets;

    @Option(
            names = "--token-max-lifetime",
            defaultValue = "PT1H",
            description = "Longest lifetime of an accepted user token (default: ${DEFAULT-VALUE}).")
    java.time.Duration tokenMaxLifetime;

    @Option(
            names = "--kafka-properties",
            defaultValue = "${env:" + KafkaClientProperties.ENV + "}",
            description = "Kafka client properties file (security.protocol, SASL, TLS).")
    Path kafkaProperties;

    @Option(
            names = "--port",
            description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = DEFAULTS.port();

    @Option(
            names = "--model-dir",
            description =
                    "Directory of model artifacts <dir>/<version>/, watched for new versions; none:"
                            + " heuristic scorer.")
    Path modelDir;

    @Option(
            names = "--store-dir",
            description = "Feature store directory (default: ${DEFAULT-VALUE}).")
    Path storeDir = DEFAULTS.storeDir();

    @Option(
            names = "--state-dir",
            description = "Kafka Streams state directory (default: ${DEFAULT-VALUE}).")
    Path stateDir = DEFAULTS.stateDir();

    @Option(
            names = "--device",
            description = "Where the model runs: cpu or gpu (default: ${DEFAULT-VALUE}).")
    String device = DEFAULTS.device();

    @Option(names = "--k", description = "Items per published list (default: ${DEFAULT-VALUE}).")
    int k = DEFAULTS.k();

    @Option(
            names = "--batch-interval-ms",
            description = "Micro-batch interval, wall clock (default: ${DEFAULT-VALUE}).")
    long batchIntervalMs = DEFAULTS.batching().interval().toMillis();

    @Option(
            names = "--max-batch",
            description = "Users that trigger a batch at once (default: ${DEFAULT-VALUE}).")
    int maxBatch = DEFAULTS.batching().maxBatch();

    @Option(
            names = "--catch-up-after-ms",
            description =
                    "A user state that waited longer than this on perch.user-state means the"
                            + " instance is behind: it then scores only the newest state of each"
                            + " user in batches of --catch-up-batch; 0 = never (default:"
                            + " ${DEFAULT-VALUE}).")
    long catchUpAfterMs = DEFAULTS.batching().catchUpAfter().toMillis();

    @Option(
            names = "--catch-up-batch",
            description =
                    "Users buffered before scoring while catching up, at least --max-batch"
                            + " (default: ${DEFAULT-VALUE}).")
    int catchUpBatch = DEFAULTS.batching().catchUpBatch();

    @Option(
            names = "--max-per-category",
            paramLabel = "N",
            description =
                    "At most N items of one top-level category in a list; 0: no cap (default:"
                            + " ${DEFAULT-VALUE}).")
    int maxPerCategory = DEFAULTS.rules().maxPerCategory();

    @Option(
            names = "--boost",
            paramLabel = "CATEGORY=FACTOR",
            description =
                    "Multiply the rank score of a top-level category's items by FACTOR (> 1 lifts,"
                            + " < 1 lowers; never turns a lift into a drop); repeatable.")
    Map<String, Double> boosts = new LinkedHashMap<>();

    @Option(
            names = "--exclude-category",
            paramLabel = "CATEGORY",
            description = "Never recommend items of this top-level category; repeatable.")
    List<String> excludedCategories = new ArrayList<>();

    @Option(
            names = "--show-recent",
            description =
                    "Allow the shopper's recent items in their list (default: left out, the list"
                            + " shows what they have not just seen).")
    boolean showRecent;

    /** The business rules of the options. */
    BusinessRules rules() {
        return DEFAULTS.rules()
                .withMaxPerCategory(maxPerCategory)
                .withBoosts(boosts)
                .withExcludedCategories(new LinkedHashSet<>(excludedCategories))
                .withExcludeRecent(!showRecent);
    }

    @Option(
            names = "--standby-replicas",
            description =
                    "Kafka Streams standby replicas: warm state copies on other instances"
                            + " (default: ${DEFAULT-VALUE}).")
    int standbyReplicas = DEFAULTS.standbyReplicas();

    @Option(
            names = "--stream-threads",
            description =
                    "Threads scoring user states; 0 = one per partition of perch.user-state"
                            + " (default: ${DEFAULT-VALUE}).")
    int streamThreads = DEFAULTS.streamThreads();

    /** The options as a config record. */
    ModelServerConfig config() {
        return new ModelServerConfig(
                bootstrap,
                applicationId,
                host,
                port,
                modelDir,
                storeDir,
                stateDir,
                device,
                k,
                new MicroBatchProcessor.Batching(
                        java.time.Duration.ofMillis(batchIntervalMs),
                        maxBatch,
                        java.time.Duration.ofMillis(catchUpAfterMs),
                        catchUpBatch),
                DEFAULTS.watchInterval(),
                rules(),
                standbyReplicas,
                streamThreads);
    }

    /**
     * Who may read, secrets read through {@code secrets}: with neither keys nor token secrets the
     * API is open, which {@link ModelServerAccess#check} allows on loopback only.
     */
    ModelServerAccess access(Secrets secrets) {
        List<String> keys = secrets.read(apiKeys);
        List<String> tokens = secrets.read(tokenSecrets);
        ReadAccess reads =
                keys.isEmpty() && tokens.isEmpty()
                        ? ReadAccess.open()
                        : new ReadAccess(
                                new ApiKeys(keys),
                                new UserTokens(tokens, tokenMaxLifetime),
                                Clock.systemUTC());
        return new ModelServerAccess(bind, reads, KafkaClientProperties.load(kafkaProperties))
                .check();
    }

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ParentWatch.exitWithParent("model-server");
        ModelServerConfig config;
        ModelServerAccess access;
        try {
            config = config();
            access = access(Secrets.fromProcessEnvironment());
        } catch (IllegalArgumentException e) {
            // a wrong option or secret reference: its message and the usage, exit 2, no trace
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ModelServer server = ModelServer.start(config, access);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    stopped.countDown();
                                },
                                "perch-model-server-shutdown"));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        // its own name, so that it never shadows the log configuration of a process sharing the
        // class path (bin/perch puts every module on one); -Dlog4j2.configurationFile overrides it
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "model-server-log4j2.xml");
        }
        System.exit(new CommandLine(new ModelServerMain()).execute(args));
    }
}
