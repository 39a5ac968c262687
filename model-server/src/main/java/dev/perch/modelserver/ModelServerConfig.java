package dev.perch.modelserver;

import dev.perch.core.recommend.BusinessRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one model-server instance is started with, parsed once (from the command line) into
 * this immutable record; {@link #defaults()} holds the documented defaults.
 *
 * @param bootstrapServers the Kafka cluster
 * @param applicationId the Kafka Streams application id (instances with one id share the work)
 * @param host the host name other instances reach this one's HTTP port at
 * @param port the HTTP port (0: any free port)
 * @param modelDir the directory of model artifacts ({@code <dir>/<version>/}); null: no model, the
 *     heuristic {@code WeightedSumScorer.DEFAULT} scores
 * @param storeDir the feature store directory (RocksDB, one per instance)
 * @param stateDir the Kafka Streams state directory
 * @param device where the model runs: "cpu" or "gpu"
 * @param k how many items each published list holds
 * @param batching when buffered users are scored: every interval or at a batch size, and how a task
 *     that has fallen behind catches up (see {@link MicroBatchProcessor})
 * @param watchInterval how often the model directory is looked at
 * @param rules the business rules every list obeys (exclusions, per-category cap, boosts)
 * @param standbyReplicas Kafka Streams standby replicas: warm copies of each task's state on other
 *     instances, so a failed instance's users are served again without a full changelog restore
 * @param streamThreads Kafka Streams threads scoring user states; 0: one per partition of
 *     perch.user-state (threads beyond the partitions would have no task)
 */
public record ModelServerConfig(
        String bootstrapServers,
        String applicationId,
        String host,
        int port,
        Path modelDir,
        Path storeDir,
        Path stateDir,
        String device,
        int k,
        MicroBatchProcessor.Batching batching,
        Duration watchInterval,
        BusinessRules rules,
        int standbyReplicas,
        int streamThreads) {

    public static final String DEFAULT_APPLICATION_ID = "perch-model-server";

    /** The longest list: the published ones ({@code --k}) and the ones a reader asks for. */
    public static final int MAX_K = 1000;

    /**
     * Scoring every 20 ms or at 256 users; a state that waited over 500 ms on perch.user-state (the
     * live p99 is a fraction of that) puts a task in catch-up, scoring at 2,048 users.
     */
    public static final MicroBatchProcessor.Batching BATCHING =
            new MicroBatchProcessor.Batching(
                    Duration.ofMillis(20), 256, Duration.ofMillis(500), 2048);

    /**
     * The shop defaults of {@link BusinessRules#DEFAULTS} with a cap of 10 items per category (half
     * of the default list, so a shopper who browsed one category still sees it in the list).
     */
    public static final BusinessRules SHOP_RULES = BusinessRules.DEFAULTS.withMaxPerCategory(10);

    public ModelServerConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(storeDir, "storeDir");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(watchInterval, "watchInterval");
        Objects.requireNonNull(rules, "rules");
        if (!device.equals("cpu") && !device.startsWith("gpu") && !device.startsWith("cuda")) {
            throw new IllegalArgumentException("device must be cpu or gpu, got " + device);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standbyReplicas must be >= 0: " + standbyReplicas);
        }
        if (streamThreads < 0) {
            throw new IllegalArgumentException("streamThreads must be >= 0: " + streamThreads);
        }
        if (k <= 0 || k > MAX_K) {
            throw new IllegalArgumentException("k must be 1 to " + MAX_K + ": " + k);
        }
    }

    /**
     * localhost:9092, port 8090, no model, ./data/model-server/{store,state}, cpu, k=20, batches
     * every 20 ms or at 256 users ({@link #BATCHING}), model directory looked at every 2 s, {@link
     * #SHOP_RULES}, no standby replicas.
     */
    public static ModelServerConfig defaults() {
        Path data = Path.of("data", "model-server");
        return new ModelServerConfig(
                "localhost:9092",
                DEFAULT_APPLICATION_ID,
                "localhost",
                8090,
                null,
                data.resolve("store"),
                data.resolve("state"),
                "cpu",
                20,
                BATCHING,
                Duration.ofSeconds(2),
                SHOP_RULES,
                0,
                0);
    }

    public ModelServerConfig withBootstrap(String servers) {
        Builder b = new Builder(this);
        b.bootstrapServers = servers;
        return b.build();
    }

    public ModelServerConfig withApplicationId(String id) {
        Builder b = new Builder(this);
        b.applicationId = id;
        return b.build();
    }

    public ModelServerConfig withPort(int newPort) {
        Builder b = new Builder(this);
        b.port = newPort;
        return b.build();
    }

    public ModelServerConfig withModelDir(Path dir) {
        Builder b = new Builder(this);
        b.modelDir = dir;
        return b.build();
    }

    public ModelServerConfig withDirectories(Path store, Path state) {
        Builder b = new Builder(this);
        b.storeDir = store;
        b.stateDir = state;
        return b.build();
    }

    public ModelServerConfig withDevice(String newDevice) {
        Builder b = new Builder(this);
        b.device = newDevice;
        return b.build();
    }

    public ModelServerConfig withK(int newK) {
        Builder b = new Builder(this);
        b.k = newK;
        return b.build();
    }

    public ModelServerConfig withWatchInterval(Duration interval) {
        Builder b = new Builder(this);
        b.watchInterval = interval;
        return b.build();
    }

    public ModelServerConfig withBatching(MicroBatchProcessor.Batching newBatching) {
        Builder b = new Builder(this);
        b.batching = newBatching;
        return b.build();
    }

    public ModelServerConfig withRules(BusinessRules newRules) {
        Builder b = new Builder(this);
        b.rules = newRules;
        return b.build();
    }

    public ModelServerConfig withStandbyReplicas(int replicas) {
        Builder b = new Builder(this);
        b.standbyReplicas = replicas;
        return b.build();
    }

    public ModelServerConfig withStreamThreads(int threads) {
        Builder b = new Builder(this);
        b.streamThreads = threads;
        return b.build();
    }

    /** The settings of a config being changed by one of the {@code with} methods. */
    private static final class Builder {
        private String bootstrapServers;
        private String applicationId;
        private String host;
        private int port;
        private Path modelDir;
        private Path storeDir;
        private Path stateDir;
        private String device;
        private int k;
        private MicroBatchProcessor.Batching batching;
        private Duration watchInterval;
        private BusinessRules rules;
        private int standbyReplicas;
        private int streamThreads;

        Builder(ModelServerConfig c) {
            bootstrapServers = c.bootstrapServers;
            applicationId = c.applicationId;
            host = c.host;
            port = c.port;
            modelDir = c.modelDir;
            storeDir = c.storeDir;
            stateDir = c.stateDir;
            device = c.device;
            k = c.k;
            batching = c.batching;
            watchInterval = c.watchInterval;
            rules = c.rules;
            standbyReplicas = c.standbyReplicas;
            streamThreads = c.streamThreads;
        }

        ModelServerConfig build() {
            return new ModelServerConfig(
                    bootstrapServers,
                    applicationId,
                    host,
                    port,
                    modelDir,
                    storeDir,
                    stateDir,
                    device,
                    k,
                    batching,
                    watchInterval,
                    rules,
                    standbyReplicas,
                    streamThreads);
        }
    }
}
