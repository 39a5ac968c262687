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
import dev.perch.core.sequence.SequenceModel;
import dev.perch.core.sequence.UserEncoding;
import dev.perch.events.ClickEvent;
import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.RecommendedItem;
import dev.perch.events.ScoredItem;
import dev.perch.events.TrendingItems;
import dev.perch.events.UserState;
import dev.perch.featurestore.FeatureStore;
import dev.perch.featurestore.StoreBatch;
import dev.perch.model.DjlInnerProducts;
import dev.perch.model.DjlScorer;
import dev.perch.model.InvalidArtifactException;
import dev.perch.model.ModelArtifact;
import dev.perch.model.sequence.DjlSequenceModel;
import dev.perch.model.sequence.SequenceSettings;
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
import java.util.Random;
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
 *
 * <p>With the SASRec+ sequence model: users encoded per second by the sequence model alone (one
 * batched {@link SequenceModel#encode} of every user's sequence, as the model server calls it per
 * micro-batch), and the whole decision with the sequence model as a candidate source and ranking
 * feature. That model is trained at setup too, by the same trainer, in the shape {@code bin/perch
 * train --sequence} writes ({@link SequenceSettings#DEFAULTS}: 64 dimensions, 2 blocks, sequences
 * of up to 200) but for a few epochs only: the cost of a call depends on the shape, not on how well
 * the weights predict.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringBenchmark {
    @Param({"1", "16", "64", "256", "1024"})
    public int batchSize;

    private Path dir;
    private FeatureStore store;
    private DjlInnerProducts products;
    private DjlScorer scorer;
    private Recommender recommender;
    private List<UserState> batch;
    private FeatureMatrix rows;
    private int candidatesPerBatch;

    private FeatureStore sequenceStore;
    private DjlScorer sequenceScorer;
    private SequenceModel sequenceModel;
    private Recommender sequenceRecommender;
    private List<UserState> sequenceBatch;
    private List<List<String>> sequences;
    private List<List<String>> sessions;

    /** The length of {@link #sequenceEncodeSessions}'s sequences. */
    private static final int SESSION_ITEMS = 5;

    /**
     * The lengths of the live bench's sequences when their lists are computed, by quantile: the
     * YooChoose clicks of the bench's file (each event's session length so far, capped at the
     * model's 200), events 110,000-500,000: half have at most 3 items, one in a hundred over 31
     * (docs/benchmarks/bench-2026-12-06-s24/session-lengths.py).
     */
    private static final double[] LIVE_QUANTILES = {
        0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1.0
    };

    private static final int[] LIVE_LENGTHS = {1, 2, 3, 4, 6, 10, 15, 23, 31, 41, 68, 200};

    private List<List<String>> mixed;

    private int candidatesPerSequenceBatch;

    /** Candidates scored, reported by JMH as a rate next to the batch rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Candidates {
        public long candidates;
    }

    /** Users decided or encoded, reported by JMH as a rate next to the batch rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Users {
        public long users;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("perch-scoring-bench");
        PlantedClickStream stream = PlantedClickStream.generate(7);
        ModelArtifact artifact = trainedOnce(stream, null, "perch-scoring-bench-model");
        store = FeatureStore.open(dir.resolve("store"));
        store.write(catalog(stream));
        artifact.loadEmbeddings(store);
        scorer = DjlScorer.load(artifact, "cpu");
        products = new DjlInnerProducts("cpu"); // as the model server scans
        FeatureStoreSources sources = new FeatureStoreSources(store, products);
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
        setUpSequence(stream);
    }

    /**
     * The same with a ranker trained beside a sequence model: its own feature store holding that
     * artifact's embeddings, and the users' states built from them.
     */
    private void setUpSequence(PlantedClickStream stream) throws Exception {
        ModelArtifact artifact =
                trainedOnce(
                        stream,
                        SequenceSettings.DEFAULTS.withBudget(3, 0).withProgress(false),
                        "perch-scoring-bench-sequence-model");
        sequenceStore = FeatureStore.open(dir.resolve("store-sequence"));
        sequenceStore.write(catalog(stream));
        artifact.loadEmbeddings(sequenceStore);
        sequenceScorer = DjlScorer.load(artifact, "cpu");
        sequenceModel = DjlSequenceModel.load(artifact.sequence().orElseThrow(), "cpu");
        FeatureStoreSources sources = new FeatureStoreSources(sequenceStore, products);
        sequenceRecommender =
                new Recommender(
                                sources,
                                sources,
                                sequenceScorer,
                                GatherSettings.DEFAULTS,
                                BusinessRules.DEFAULTS)
                        .withSequenceModel(sequenceModel, SequenceModel.CANDIDATES);
        List<UserState> users = states(stream, artifact.readEmbeddings());
        sequenceBatch = new ArrayList<>(batchSize);
        sequences = new ArrayList<>(batchSize);
        sessions = new ArrayList<>(batchSize);
        int count = 0;
        for (int i = 0; i < batchSize; i++) {
            UserState user = users.get(i % users.size());
            sequenceBatch.add(user);
            List<String> sequence = Recommender.sequenceOf(user);
            sequences.add(sequence);
            sessions.add(
                    sequence.subList(
                            Math.max(0, sequence.size() - SESSION_ITEMS), sequence.size()));
            count += sequenceRecommender.prepare(user).size();
        }
        candidatesPerSequenceBatch = count;
        mixed = mixedLengths(sequences);
    }

    /**
     * One sequence per user of the batch with a length drawn from {@link #LIVE_LENGTHS} (seeded),
     * its items the user's own repeated: the cost of a call depends on the lengths, not the items.
     */
    private static List<List<String>> mixedLengths(List<List<String>> sequences) {
        Random random = new Random(11);
        List<List<String>> out = new ArrayList<>(sequences.size());
        for (List<String> sequence : sequences) {
            double u = random.nextDouble();
            int q = 0;
            while (LIVE_QUANTILES[q] < u) {
                q++;
            }
            List<String> row = new ArrayList<>(LIVE_LENGTHS[q]);
            for (int i = 0; i < LIVE_LENGTHS[q]; i++) {
                row.add(sequence.get(i % sequence.size()));
            }
            out.add(row);
        }
        return out;
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

    /** The sequence model alone: every user's sequence of the batch encoded in one call. */
    @Benchmark
    public List<UserEncoding> sequenceEncode(Users counter) {
        counter.users += batchSize;
        return sequenceModel.encode(sequences);
    }

    /**
     * The sequence model on shopping sessions: the newest {@link #SESSION_ITEMS} items of each
     * user's sequence, as short as the live bench's YooChoose sessions, where the engine's fixed
     * cost per call outweighs the products.
     */
    @Benchmark
    public List<UserEncoding> sequenceEncodeSessions(Users counter) {
        counter.users += batchSize;
        return sequenceModel.encode(sessions);
    }

    /**
     * The sequence model on the live bench's mix of lengths ({@link #LIVE_LENGTHS}): mostly short
     * sessions, now and then a long history, which one padded call would compute every row at.
     */
    @Benchmark
    public List<UserEncoding> sequenceEncodeMixed(Users counter) {
        counter.users += batchSize;
        return sequenceModel.encode(mixed);
    }

    /**
     * The whole decision with the sequence model as a candidate source and ranking feature: one
     * encode call and one ranker call per batch.
     */
    @Benchmark
    public List<List<RecommendedItem>> recommendAllWithSequence(
            Candidates candidates, Users users) {
        candidates.candidates += candidatesPerSequenceBatch;
        users.users += batchSize;
        return sequenceRecommender.recommendAll(sequenceBatch, 20);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        products.close();
        scorer.close();
        store.close();
        sequenceModel.close();
        sequenceScorer.close();
        sequenceStore.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The model trained on {@code stream} (with a sequence model when {@code sequence} is not
     * null), kept under {@code perch.bench.model-dir} (default: the temp directory) in {@code name}
     * so the forks of one run train it once.
     */
    private static ModelArtifact trainedOnce(
            PlantedClickStream stream, SequenceSettings sequence, String name) throws Exception {
        Path models =
                Path.of(
                                System.getProperty(
                                        "perch.bench.model-dir",
                                        System.getProperty("java.io.tmpdir")))
                        .resolve(name);
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
                .trainedRankerOnly() // the DJL ranker is what is measured
                .train(stream.events(), stream.items(), TrainSettings.SMALL, sequence, models)
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
