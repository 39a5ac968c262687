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
 * @param batchInterval how often buffered users are scored (wall clock)
 * @param maxBatch a batch is scored at once when this many users are buffered
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
        Duration batchInterval,
        int maxBatch,
        Duration watchInterval,
        BusinessRules rules,
        int standbyReplicas,
        int streamThreads) {

    public static final String DEFAULT_APPLICATION_ID = "perch-model-server";

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
        Objects.requireNonNull(batchInterval, "batchInterval");
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
        if (k <= 0 || maxBatch <= 0) {
            throw new IllegalArgumentException("k and maxBatch must be positive");
        }
        if (batchInterval.isNegative() || batchInterval.isZero()) {
            throw new IllegalArgumentException("batchInterval must be positive");
        }
    }

    /**
     * localhost:9092, port 8090, no model, ./data/model-server/{store,state}, cpu, k=20, batches
     * every 20 ms or at 256 users, model directory looked at every 2 s, {@link #SHOP_RULES}, no
     * standby replicas.
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
                Duration.ofMillis(20),
                256,
                Duration.ofSeconds(2),
                SHOP_RULES,
                0,
                0);
    }

    public ModelServerConfig withBootstrap(String servers) {
        return new ModelServerConfig(
                servers,
                applicationId,
                host,
                port,
                modelDir,
                storeDir,
                stateDir,
                device,
                k,
                batchInterval,
                maxBatch,
                watchInterval,
                rules,
                standbyReplicas,
                streamThreads);
    }

    public ModelServerConfig withApplicationId(String id) {
        return new ModelServerConfig(
                bootstrapServers,
                id,
                host,
                port,
                modelDir,
                storeDir,
                stateDir,
                device,
                k,
                batchInterval,
                maxBatch,
                watchInterval,
                rules,
                standbyReplicas,
                streamThreads);
    }

    public ModelServerConfig withPort(int newPort) {
        return new ModelServerConfig(
                bootstrapServers,
                applicationId,
                host,
                newPort,
                modelDir,
                storeDir,
                stateDir,
                device,
                k,
                batchInterval,
                maxBatch,
                watchInterval,
                rules,
                standbyReplicas,
                streamThreads);
    }

    public ModelServerConfig withModelDir(Path dir) {
        return new ModelServerConfig(
                bootstrapServers,
                applicationId,
                host,
                port,
                dir,
                storeDir,
                stateDir,
                device,
                k,
                batchInterval,
                maxBatch,
                watchInterval,
                rules,
                standbyReplicas,
                streamThreads);
    }

    public ModelServerConfig withDirectories(Path store, Path state) {
        return new ModelServerConfig(
                bootstrapServers,
                applicationId,
                host,
                port,
                modelDir,
                store,
                state,
                device,
                k,
                batchInterval,
                maxBatch,
                watchInterval,
                rules,
                standbyReplicas,
                streamThreads);
    }

    public ModelServerConfig withDevice(String newDevice) {
        return new ModelServerConfig(
                bootstrapServers,
                applicationId,
                host,
                port,
                modelDir,
                storeDir,
                stateDir,
                newDevice,
                k,
                batchInterval,
                maxBatch,
                watchInterval,
                rules,
                standbyReplicas,
                streamThreads);
    }

    public ModelServerConfig withK(int newK) {
        return new ModelServerConfig(
                bootstrapServers,
                applicationId,
                host,
                port,
                modelDir,
                storeDir,
                stateDir,
                device,
                newK,
                batchInterval,
                maxBatch,
                watchInterval,
                rules,
                standbyReplicas,
                streamThreads);
    }

    public ModelServerConfig withWatchInterval(Duration interval) {
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
                batchInterval,
                maxBatch,
                interval,
                rules,
                standbyReplicas,
                streamThreads);
    }

    public ModelServerConfig withBatching(Duration interval, int max) {
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
                interval,
                max,
                watchInterval,
                rules,
                standbyReplicas,
                streamThreads);
    }

    public ModelServerConfig withRules(BusinessRules newRules) {
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
                batchInterval,
                maxBatch,
                watchInterval,
                newRules,
                standbyReplicas,
                streamThreads);
    }

    public ModelServerConfig withStandbyReplicas(int replicas) {
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
                batchInterval,
                maxBatch,
                watchInterval,
                rules,
                replicas,
                streamThreads);
    }

    public ModelServerConfig withStreamThreads(int threads) {
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
                batchInterval,
                maxBatch,
                watchInterval,
                rules,
                standbyReplicas,
                threads);
    }
}
