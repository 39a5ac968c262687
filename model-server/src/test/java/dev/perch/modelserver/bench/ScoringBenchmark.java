package dev.perch.modelserver.bench;

import dev.perch.core.EnrichedEvent;
import dev.perch.core.UserProfile;
import dev.perch.core.UserStateSettings;
import dev.perch.core.UserStateUpdater;
import dev.perch.core.itemstats.CoVisitationIndex;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.PopularityCounter;
import dev.perch.core.recommend.BusinessRules;
import dev.perch.core.recommend.FeatureMatrix;
import dev.perch.core.recommend.GatherSettings;
import dev.perch.core.recommend.RankingFeatures;
import dev.perch.core.recommend.RankingRequest;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.ScoredId;
import dev.perch.events.ClickEvent;
import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.RecommendedItem;
import dev.perch.events.ScoredItem;
import dev.perch.events.TrendingItems;
import dev.perch.events.UserState;
import dev.perch.featurestore.FeatureStore;
import dev.perch.featurestore.StoreBatch;
import dev.perch.model.DjlScorer;
import dev.perch.model.InvalidArtifactException;
import dev.perch.model.ModelArtifact;
import dev.perch.model.testing.PlantedClickStream;
import dev.perch.model.train.PerchTrainer;
import dev.perch.model.train.TrainSettings;
import dev.perch.modelserver.FeatureStoreSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Candidates scored per second by micro-batch size: the whole decision ({@link
 * Recommender#recommendAll} over the feature store: gather, features, one DJL call, rules) and the
 * DJL ranker alone on the same feature rows. The model is trained at setup on a planted stream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringBenchmark {
    @Param({"1", "16", "64", "256", "1024"})
    public int batchSize;

    private Path dir;
    private FeatureStore store;
    private DjlScorer scorer;
    private Recommender recommender;
    private List<UserState> batch;
    private FeatureMatrix rows;
    private int candidatesPerBatch;

    /** Candidates scored, reported by JMH as a rate next to the batch rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Candidates {
        public long candidates;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("perch-scoring-bench");
        PlantedClickStream stream = PlantedClickStream.generate(7);
        ModelArtifact artifact = trainedOnce(stream);
        store = FeatureStore.open(dir.resolve("store"));
        store.write(catalog(stream));
        store.loadEmbeddings(artifact.embeddingsFile());
        scorer = DjlScorer.load(artifact, "cpu");
        FeatureStoreSources sources = new FeatureStoreSources(store);
        recommender =
                new Recommender(
                        sources, sources, scorer, GatherSettings.DEFAULTS, BusinessRules.DEFAULTS);
        List<UserState> users = states(stream, artifact.readEmbeddings());
        batch = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            batch.add(users.get(i % users.size()));
        }
        List<float[]> blocks = new ArrayList<>();
        int count = 0;
        for (UserState user : batch) {
            RankingRequest request = recommender.prepare(user);
            blocks.add(request.features().values());
            count += request.size();
        }
        float[] values = new float[count * RankingFeatures.COUNT];
        int at = 0;
        for (float[] block : blocks) {
            System.arraycopy(block, 0, values, at, block.length);
            at += block.length;
        }
        rows = new FeatureMatrix(values, count, RankingFeatures.COUNT);
        candidatesPerBatch = count;
    }

    @Benchmark
    public List<List<RecommendedItem>> recommendAll(Candidates counter) {
        counter.candidates += candidatesPerBatch;
        return recommender.recommendAll(batch, 20);
    }

    @Benchmark
    public float[] scorerOnly(Candidates counter) {
        counter.candidates += candidatesPerBatch;
        return scorer.score(rows);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        scorer.close();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The model trained on {@code stream}, kept under {@code perch.bench.model-dir} (default: the
     * temp directory) so the forks of one run train it once.
     */
    private static ModelArtifact trainedOnce(PlantedClickStream stream) throws Exception {
        Path models =
                Path.of(
                        System.getProperty(
                                "perch.bench.model-dir",
                                Path.of(
                                                System.getProperty("java.io.tmpdir"),
                                                "perch-scoring-bench-model")
                                        .toString()));
        if (Files.isDirectory(models)) {
            try (Stream<Path> versions = Files.list(models)) {
                for (Path version : versions.toList()) {
                    try {
                        return ModelArtifact.load(version);
                    } catch (InvalidArtifactException e) {
                        // not a complete artifact: train again below
                    }
                }
            }
        }
        return new PerchTrainer("cpu", line -> {})
                .train(stream.events(), stream.items(), TrainSettings.SMALL, models)
                .artifact();
    }

    private static StoreBatch catalog(PlantedClickStream stream) {
        StoreBatch batch = new StoreBatch();
        stream.items().forEach(batch::putItem);
        CoVisitationIndex index = new CoVisitationIndex(CoVisitationSettings.DEFAULTS);
        PopularityCounter popularity = new PopularityCounter(50);
        for (ClickEvent event : stream.events()) {
            index.add(event);
            popularity.add(event.getItemId(), 1);
        }
        for (Item item : stream.items()) {
            List<ScoredId> top = index.neighbors(item.getItemId(), 20);
            batch.putNeighbors(
                    ItemNeighbors.newBuilder()
                            .setItemId(item.getItemId())
                            .setNeighbors(scored(top))
                            .setVersion(1)
                            .setUpdatedAt(Instant.EPOCH)
                            .build());
        }
        batch.putTrending(
                TrendingItems.newBuilder()
                        .setScope("global")
                        .setItems(scored(popularity.top(50)))
                        .setWindowStart(Instant.EPOCH)
                        .setWindowEnd(Instant.EPOCH)
                        .build());
        return batch;
    }

    private static List<UserState> states(
            PlantedClickStream stream, Map<String, float[]> embeddings) {
        UserStateUpdater updater = new UserStateUpdater(UserStateSettings.DEFAULTS);
        Map<String, UserProfile> profiles = new LinkedHashMap<>();
        for (ClickEvent event : stream.events()) {
            EnrichedEvent enriched =
                    new EnrichedEvent(
                            event,
                            embeddings.get(event.getItemId()),
                            PlantedClickStream.categoryOf(event.getItemId()));
            profiles.put(
                    event.getUserId(),
                    updater.update(
                            profiles.get(event.getUserId()), enriched, event.getEventTime()));
        }
        return profiles.values().stream().map(UserProfile::state).toList();
    }

    private static List<ScoredItem> scored(List<ScoredId> ids) {
        return ids.stream().map(id -> new ScoredItem(id.itemId(), id.score())).toList();
    }
}
