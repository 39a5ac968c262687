package dev.perch.modelserver;

import dev.perch.core.recommend.GatherSettings;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.WeightedSumScorer;
import dev.perch.events.ConsumerFetch;
import dev.perch.events.DeadLetter;
import dev.perch.events.Topics;
import dev.perch.events.deadletter.DeadLetterProducer;
import dev.perch.events.ops.BrokerProbe;
import dev.perch.events.ops.HealthReport;
import dev.perch.events.ops.HealthStatus;
import dev.perch.events.ops.StreamLimits;
import dev.perch.featurestore.FeatureStore;
import dev.perch.featurestore.FeatureStoreUpdater;
import dev.perch.model.DjlInnerProducts;
import dev.perch.model.text.SentenceEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running model-server instance: the feature store kept current from Kafka, the model in
 * service and its watcher, the Kafka Streams scorer, and the HTTP API. {@link #start} wires them;
 * {@link #close} stops them in reverse order.
 */
public final class ModelServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final ModelServerConfig config;
    private final ModelServerAccess access;
    private final ModelServerMetrics metrics = new ModelServerMetrics();
    private final RecommendationListeners listeners = new RecommendationListeners();
    private FeatureStore store;
    private DjlInnerProducts products;
    private FeatureStoreUpdater updater;
    private DeadLetterProducer deadLetters;
    private RecommendationsFeed feed;
    private Thread updaterThread;
    private LiveRecommender live;
    private ModelWatcher watcher;
    private KafkaStreams streams;
    private final RestoringStores restoringStores = new RestoringStores();
    private HttpApi http;
    private SentenceEncoder encoder;
    private BrokerProbe broker;
    private volatile Throwable updaterFailure;
    private int port;

    private ModelServer(ModelServerConfig config, ModelServerAccess access) {
        this.config = config;
        this.access = access.check();
    }

    /** Starts an instance on loopback, open to local callers (see {@link ModelServerAccess}). */
    public static ModelServer start(ModelServerConfig config) {
        return start(config, ModelServerAccess.local());
    }

    /** Starts an instance and returns once its HTTP port answers (Streams may still restore). */
    public static ModelServer start(ModelServerConfig config, ModelServerAccess access) {
        ModelServer server = new ModelServer(config, access);
        try {
            server.startAll();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void startAll() {
        try {
            Files.createDirectories(config.storeDir());
            Files.createDirectories(config.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store = FeatureStore.open(config.storeDir());
        broker = BrokerProbe.start(config.bootstrapServers(), access.kafka().asMap());
        encoder = loadEncoder();
        startUpdater();
        products = loadInnerProducts(config.device());
        FeatureStoreSources sources = new FeatureStoreSources(store, products);
        live =
                new LiveRecommender(
                        new Recommender(
                                sources,
                                sources,
                                WeightedSumScorer.DEFAULT,
                                GatherSettings.DEFAULTS,
                                config.rules()));
        metrics.modelLoaded(WeightedSumScorer.DEFAULT.version());
        if (config.modelDir() != null) {
            watcher =
                    new ModelWatcher(
                            config.modelDir(),
                            new ArtifactModelLoader(store, config.device()),
                            live,
                            metrics);
            watcher.start(config.watchInterval());
        }
        BatchRecommender batches =
                new BatchRecommender(live, config.k(), Clock.systemUTC(), metrics, sources);
        port = config.port() == 0 ? freePort() : config.port();
        HostInfo self = new HostInfo(config.host(), port);
        streams =
                new KafkaStreams(
                        RecommendationTopology.build(
                                batches, listeners, metrics, config.batching(), Clock.systemUTC()),
                        streamsProperties(config, access, metrics, self, streamThreads()));
        streams.setGlobalStateRestoreListener(restoringStores);
        streams.setUncaughtExceptionHandler(
                e -> {
                    LOG.error("Stream thread failed; replacing it", e);
                    return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
                            .StreamThreadExceptionResponse.REPLACE_THREAD;
                });
        metrics.gauge(
                "perch_user_state_consumer_lag",
                "Records of perch.user-state not yet read by this instance",
                this::userStateLag);
        http =
                new HttpApi(
                        new KeyLocator(streams, self),
                        batches,
                        listeners,
                        metrics,
                        this::health,
                        this::healthDetails,
                        config.k(),
                        StreamLimits.MODEL_SERVER,
                        access.reads());
        http.search(new SearchService(store, encoder, live));
        http.start(access.bindHost(), port);
        streams.start();
        feed =
                RecommendationsFeed.start(
                        config.bootstrapServers(), listeners, this::deadLetter, access.kafka());
        LOG.info(
                "Model server {} on {}:{} (model {}, device {}, reads {})",
                config.applicationId(),
                access.bindHost(),
                port,
                live.scorer().version(),
                config.device(),
                access.reads().isOpen() ? "open to this machine" : "need a key or a token");
    }

    /**
     * The nearest-item scan's products on the DJL engine of {@code device} (one product per
     * micro-batch); without it (the engine does not load) the scan runs in Java, and says so.
     */
    private static DjlInnerProducts loadInnerProducts(String device) {
        try {
            return new DjlInnerProducts(device);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            LOG.error("The DJL engine did not load for the nearest-item scan; it runs in Java", e);
            return null;
        }
    }

    /**
     * The sentence encoder of item texts; without it (model artifact missing or failing to load)
     * the server runs on, with lexical search and no content source, and says so.
     */
    private static SentenceEncoder loadEncoder() {
        try {
            return SentenceEncoder.load();
        } catch (RuntimeException e) {
            LOG.error(
                    "The sentence encoder did not load; search is lexical only and the content"
                            + " source is off",
                    e);
            return null;
        }
    }

    private void startUpdater() {
        deadLetters =
                DeadLetterProducer.connect(
                        config.bootstrapServers(),
                        "perch-feature-store-dlq",
                        access.kafka().asMap());
        updater =
                FeatureStoreUpdater.connect(
                                store, config.bootstrapServers(), this::deadLetter, access.kafka())
                        .withTextEncoder(encoder);
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (!updater.caughtUp() && System.nanoTime() < deadline) {
            updater.pollOnce(Duration.ofMillis(200));
        }
        LOG.info(
                "Feature store {} with {} records from Kafka",
                updater.caughtUp() ? "caught up" : "still catching up",
                updater.appliedRecords());
        updaterThread = new Thread(updater::run, "perch-feature-store-updater");
        updaterThread.setDaemon(true);
        updaterThread.setUncaughtExceptionHandler(
                (thread, e) -> {
                    updaterFailure = e;
                    LOG.error("The feature-store updater stopped; /health reports DOWN", e);
                });
        updaterThread.start();
    }

    /** Counts and sends a dead letter of the plain consumers (updater, feed). */
    private void deadLetter(DeadLetter letter) {
        metrics.deadLetter(String.valueOf(letter.getSourceTopic()), letter.getReason());
        deadLetters.accept(letter);
    }

    /**
     * The Kafka Streams settings of an instance that serves on {@code self} with {@code
     * streamThreads} stream threads.
     */
    static Properties streamsProperties(
            ModelServerConfig config,
            ModelServerAccess access,
            ModelServerMetrics metrics,
            HostInfo self,
            int streamThreads) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        // a stream thread blocks in its poll until a fetch answers or poll.ms (100 ms by default)
        // has passed, and only then runs its wall-clock punctuations: with fetches that wait up to
        // 10 ms (ConsumerFetch), each task saw a tick up to 10 ms late, and a combined round waited
        // for the other tasks that long (or left them out). Looking as often as the punctuation's
        // schedule costs no request: a fetch in flight is not sent again
        props.put(StreamsConfig.POLL_MS_CONFIG, config.batching().checkEvery().toMillis());
        // Kafka Streams lingers 100 ms by default (Kafka's producer 5 ms): a list would wait that
        // long to leave. A task forwards the lists of its micro-batch within a fraction of a
        // millisecond, so 2 ms still sends them in one request
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 2);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        // bloom filters on every level: most reads of latest-recommendations miss (new shoppers)
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StoreRocksDBConfig.class);
        props.put(
                StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // a poison record becomes a dead letter and the thread goes on (never fails for ever)
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterHandlers.Deserialization.class);
        props.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterHandlers.Processing.class);
        props.put(DeadLetterHandlers.METRICS_CONFIG, metrics);
        // after the client properties, so that an operator's own fetch settings win
        return ConsumerFetch.applyTo(access.kafka().applyTo(props), StreamsConfig.CONSUMER_PREFIX);
    }

    /** The configured stream threads, or one per partition of perch.user-state (at least one). */
    private int streamThreads() {
        if (config.streamThreads() > 0) {
            return config.streamThreads();
        }
        int partitions = broker.partitions(Topics.USER_STATE);
        LOG.info(
                "{} stream thread(s): {}",
                Math.max(1, partitions),
                partitions > 0
                        ? "one per partition of " + Topics.USER_STATE
                        : "the partitions of " + Topics.USER_STATE + " are unknown");
        return Math.max(1, partitions);
    }

    private double userStateLag() {
        if (streams == null) {
            return 0;
        }
        double lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("records-lag")
                    && Topics.USER_STATE.equals(name.tags().get("topic"))
                    && e.getValue().metricValue() instanceof Number n
                    && !Double.isNaN(n.doubleValue())) {
                lag += n.doubleValue();
            }
        }
        return lag;
    }

    /** Streams RUNNING, the broker reachable, the updater alive and a model in service. */
    public boolean healthy() {
        return health().status() == HealthStatus.UP;
    }

    /**
     * The checks behind {@code /health}: the Kafka Streams state (DEGRADED while rebalancing), the
     * broker, the feature-store updater thread and the model; DOWN (503) when any cannot work.
     */
    public HealthReport health() {
        List<HealthReport.Check> checks = new ArrayList<>();
        KafkaStreams.State state = streams == null ? null : streams.state();
        int restoring = restoringStores.count();
        if (state == KafkaStreams.State.RUNNING && restoring > 0) {
            // running, but a restoring store's users read as absent (cold-start lists)
            checks.add(
                    HealthReport.Check.degraded(
                            "streams", "RUNNING, restoring " + restoring + " store partitions"));
        } else if (state == KafkaStreams.State.RUNNING) {
            checks.add(HealthReport.Check.up("streams", "RUNNING"));
        } else if (state == KafkaStreams.State.REBALANCING) {
            checks.add(HealthReport.Check.degraded("streams", "REBALANCING"));
        } else {
            checks.add(
                    HealthReport.Check.down(
                            "streams", state == null ? "NOT_CREATED" : state.name()));
        }
        checks.add(
                broker == null ? HealthReport.Check.down("kafka", "not started") : broker.check());
        Throwable failure = updaterFailure;
        if (updaterThread != null && updaterThread.isAlive()) {
            checks.add(
                    HealthReport.Check.up(
                            "featureStoreUpdater", updater.appliedRecords() + " records applied"));
        } else {
            checks.add(
                    HealthReport.Check.down(
                            "featureStoreUpdater",
                            failure == null ? "not running" : "stopped: " + failure));
        }
        if (live != null && live.scorer() != null) {
            checks.add(HealthReport.Check.up("model", live.scorer().version()));
        } else {
            checks.add(HealthReport.Check.down("model", "no model in service"));
        }
        return HealthReport.of(checks);
    }

    private Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("streams", streams == null ? "NOT_CREATED" : streams.state().name());
        details.put("modelVersion", live.scorer().version());
        details.put("device", config.device());
        details.put("featureStoreRecords", updater.appliedRecords());
        details.put("textEncoder", encoder == null ? "NOT_LOADED" : encoder.version());
        details.put("textEmbeddings", store.textIndex().size());
        return details;
    }

    /** How many catalog items have a text embedding in this instance's feature store. */
    public int textEmbeddings() {
        return store.textIndex().size();
    }

    /** The HTTP port this instance serves on. */
    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://" + config.host() + ":" + port;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public LiveRecommender recommender() {
        return live;
    }

    public ModelServerMetrics metrics() {
        return metrics;
    }

    public RecommendationListeners listeners() {
        return listeners;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (feed != null) {
            feed.close();
        }
        if (streams != null) {
            // leave the group at once so the partitions move now, not after the session timeout
            streams.close(
                    CloseOptions.groupMembershipOperation(
                                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                            .withTimeout(Duration.ofSeconds(30)));
        }
        if (watcher != null) {
            watcher.close();
        }
        if (updater != null) {
            updater.stop();
            if (updaterThread != null) {
                try {
                    updaterThread.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                updater.close();
            }
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (live != null) {
            live.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (store != null) {
            store.close();
        }
        if (products != null) {
            products.close();
        }
        if (encoder != null) {
            encoder.close();
        }
    }
}
