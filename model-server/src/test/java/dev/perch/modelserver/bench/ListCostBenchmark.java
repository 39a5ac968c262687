package dev.perch.modelserver.bench;

import dev.perch.core.recommend.GatherSettings;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.WeightedSumScorer;
import dev.perch.events.Recommendations;
import dev.perch.events.UserState;
import dev.perch.events.serde.PerchSerdes;
import dev.perch.featurestore.FeatureStore;
import dev.perch.model.DjlInnerProducts;
import dev.perch.modelserver.ArtifactModelLoader;
import dev.perch.modelserver.BatchRecommender;
import dev.perch.modelserver.FeatureStoreSources;
import dev.perch.modelserver.LiveRecommender;
import dev.perch.modelserver.ModelServerConfig;
import dev.perch.modelserver.ModelServerMetrics;
import dev.perch.modelserver.ModelWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Deserializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The model server's CPU per list on real data, one thread: {@link BatchRecommender#recommend} (the
 * whole decision of a micro-batch: the sequence encoder, the scans over the item vectors, gathering
 * from the feature store, the facts, the features, the ranker, the rules) over the feature store,
 * the model and the users' latest states that a {@code bin/perch bench} run left in its data
 * directory. The end-to-end bench measures a process's CPU per event to within about 10 % from run
 * to run on a shared 2-core machine (docs/benchmarks/history.md, thirty-third session), too coarse
 * for a change worth a few percent; this measures the decision alone, on the same inputs every
 * time.
 *
 * <p>Make a snapshot (any bench run with {@code --data-dir}; the processes have stopped when it
 * ends), then point {@code -Dperch.snapshot} at it; the feature store is copied to a temporary
 * directory at setup, so the snapshot stays as it was. Without the property the setup fails with
 * that instruction (a snapshot holds real data and is never committed).
 *
 * <p>Batches of {@link #BATCH} users, what a 20 ms tick holds at 1,000 events/s; the score is per
 * list ({@link OperationsPerInvocation}). Users are taken in the store's key order, each once per
 * round of {@link #USERS}.
 *
 * <p>{@link #maxCandidates}: the cap on the behavioural sources' candidates per user ({@link
 * GatherSettings#maxCandidates}), the served default and half of it: how much of a list's cost
 * follows the number of candidates (the quality at a lower cap is a question for the evaluation on
 * validation data, not for this benchmark).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ListCostBenchmark {
    /** Users per micro-batch. */
    static final int BATCH = 20;

    /** Distinct users scored in turn. */
    static final int USERS = 4_000;

    /** The system property naming the snapshot: a bench run's {@code --data-dir}. */
    static final String SNAPSHOT = "perch.snapshot";

    /** {@link GatherSettings#maxCandidates}: the default (400) and half of it. */
    @Param({"400", "200"})
    public int maxCandidates;

    private Path storeCopy;
    private FeatureStore store;
    private BatchRecommender batches;
    private List<List<UserState>> rounds;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String snapshot = System.getProperty(SNAPSHOT);
        if (snapshot == null || !Files.isDirectory(Path.of(snapshot))) {
            throw new IllegalStateException(
                    "-D"
                            + SNAPSHOT
                            + "=DIR must name the --data-dir of a finished bin/perch bench run"
                            + " (docs/benchmarks/history.md, \"The model server's CPU per list\");"
                            + " got "
                            + snapshot);
        }
        Path data = Path.of(snapshot);
        Path server = data.resolve("model-server");
        storeCopy = Files.createTempDirectory("list-cost-store");
        copy(server.resolve("store"), storeCopy);
        store = FeatureStore.open(storeCopy);
        DjlInnerProducts products = new DjlInnerProducts("cpu");
        FeatureStoreSources sources = new FeatureStoreSources(store, products);
        ModelServerConfig config = ModelServerConfig.defaults();
        LiveRecommender live =
                new LiveRecommender(
                        new Recommender(
                                sources,
                                sources,
                                WeightedSumScorer.DEFAULT,
                                GatherSettings.DEFAULTS.withMaxCandidates(maxCandidates),
                                config.rules()));
        ModelServerMetrics metrics = new ModelServerMetrics();
        String version =
                new ModelWatcher(
                                data.resolve("models"),
                                new ArtifactModelLoader(store, "cpu"),
                                live,
                                metrics)
                        .poll()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "no model loaded from " + data.resolve("models")));
        batches = new BatchRecommender(live, config.k(), Clock.systemUTC(), metrics, sources);
        List<UserState> users = latestStates(server.resolve("streams"), USERS);
        if (users.size() < 10 * BATCH) {
            throw new IllegalStateException(
                    "only " + users.size() + " user states in the snapshot " + data);
        }
        rounds = new ArrayList<>();
        for (int from = 0; from + BATCH <= users.size(); from += BATCH) {
            rounds.add(users.subList(from, from + BATCH));
        }
        System.out.printf(
                "%nsnapshot %s: model %s, %d users in %d batches of %d%n",
                data, version, rounds.size() * BATCH, rounds.size(), BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(storeCopy)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One micro-batch's lists; the score is per list. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<Recommendations> batch() {
        List<UserState> batch = rounds.get(next);
        next = (next + 1) % rounds.size();
        return batches.recommend(batch);
    }

    /**
     * The newest state of up to {@code limit} users, in key order, from the {@code
     * latest-user-states} stores of the model server's stream tasks under {@code streams} (opened
     * read-only).
     */
    static List<UserState> latestStates(Path streams, int limit) throws IOException {
        List<Path> stores;
        try (Stream<Path> dirs = Files.walk(streams)) {
            stores =
                    dirs.filter(
                                    p ->
                                            p.getFileName().toString().equals("latest-user-states")
                                                    && Files.isDirectory(p))
                            .sorted()
                            .toList();
        }
        Deserializer<UserState> states = PerchSerdes.deserializer(UserState.class);
        List<UserState> out = new ArrayList<>();
        RocksDB.loadLibrary();
        for (Path dir : stores) {
            try (Options options = new Options()) {
                List<byte[]> families = RocksDB.listColumnFamilies(options, dir.toString());
                List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
                for (byte[] family : families) {
                    descriptors.add(new ColumnFamilyDescriptor(family));
                }
                List<ColumnFamilyHandle> handles = new ArrayList<>();
                try (DBOptions db = new DBOptions();
                        RocksDB rocks =
                                RocksDB.openReadOnly(db, dir.toString(), descriptors, handles);
                        RocksIterator it = rocks.newIterator(handles.get(0))) {
                    for (it.seekToFirst(); it.isValid() && out.size() < limit; it.next()) {
                        String user = new String(it.key(), StandardCharsets.UTF_8);
                        UserState state = states.deserialize("latest-user-states", it.value());
                        if (state != null && user.equals(state.getUserId())) {
                            out.add(state);
                        }
                    }
                } finally {
                    handles.forEach(ColumnFamilyHandle::close);
                }
            } catch (RocksDBException e) {
                throw new IOException("cannot read the user states in " + dir, e);
            }
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(
                    source -> {
                        Path target = to.resolve(from.relativize(source).toString());
                        try {
                            if (Files.isDirectory(source)) {
                                Files.createDirectories(target);
                            } else if (!source.getFileName().toString().equals("LOCK")) {
                                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }
}
