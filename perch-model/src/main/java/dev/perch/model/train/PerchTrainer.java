package dev.perch.model.train;

import ai.djl.Device;
import dev.perch.core.recommend.BusinessRules;
import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.RankingFeatures;
import dev.perch.core.recommend.RankingRequest;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.ScoredId;
import dev.perch.core.recommend.WeightedSumScorer;
import dev.perch.core.replay.PipelineReplay;
import dev.perch.core.replay.ReplaySettings;
import dev.perch.core.sequence.SequenceModel;
import dev.perch.events.ClickEvent;
import dev.perch.events.Item;
import dev.perch.events.UserState;
import dev.perch.model.ArtifactRanker;
import dev.perch.model.ArtifactWriter;
import dev.perch.model.Djl;
import dev.perch.model.DjlScorer;
import dev.perch.model.InvalidArtifactException;
import dev.perch.model.Manifest;
import dev.perch.model.ModelArtifact;
import dev.perch.model.RankerKind;
import dev.perch.model.sequence.DjlSequenceModel;
import dev.perch.model.sequence.SequenceArtifact;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.sequence.SequenceTraining;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a Perch model from a historical click-stream and writes it as a versioned artifact: item
 * embeddings learnt to predict each user's next item from the decayed sum of their previous items
 * (the live user vector), then a ranking MLP learnt on the candidates the real pipeline gathers,
 * then HR@10 and NDCG@10 on the held-out later events against popularity.
 *
 * <p>The artifact ships whichever ranks the hold-out best (NDCG@10; ties to the trained ranker):
 * the trained ranker, the fixed weights of {@link WeightedSumScorer#DEFAULT}, or, with a sequence
 * model, the sequence model's own order ahead of those weights ({@link RankerKind}); the metrics
 * record all of them. A ranker that learnt less than the rules it should improve on is not served.
 * The hold-out is the latest {@link TrainSettings#holdoutShare()} of the events, or with {@link
 * SequenceSplit#LAST_ITEM} the last items of {@link #RANKER_CHECK_SHARE} of the users, kept out of
 * the ranker's training.
 *
 * <p>With sequence settings, a SASRec+ sequence model ({@link SequenceTraining}) is trained first
 * on the earlier {@link #SEQUENCE_SHARE} of the training events, and the ranker learns on the
 * candidates of the later part with the sequence model as a source and a feature, so that the
 * ranker never sees the sequence model's scores on the very events it was fitted to (which would
 * teach it to over-trust them). The sequence model's files go into the same artifact.
 */
public final class PerchTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(PerchTrainer.class);
    private static final int CUT_OFF = 10;
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The share of the training events (the earlier ones) the sequence model is fitted on. */
    static final double SEQUENCE_SHARE = 0.8;

    /**
     * With {@link SequenceSplit#LAST_ITEM}, the share of users whose last item is kept out of the
     * ranker's training to choose the ranker on (that split holds no later events out).
     */
    static final double RANKER_CHECK_SHARE = 0.25;

    private final Device device;
    private final String deviceName;
    private final Consumer<String> log;
    private final boolean choose;

    /** A trainer on the CPU that logs each epoch through SLF4J. */
    public PerchTrainer() {
        this("cpu", LOG::info);
    }

    /**
     * A trainer on {@code device} ("cpu", "gpu", ...) that reports each epoch's loss to {@code
     * log}.
     */
    public PerchTrainer(String device, Consumer<String> log) {
        this(device, log, true);
    }

    private PerchTrainer(String device, Consumer<String> log, boolean choose) {
        Djl.offline();
        this.device = Djl.device(device);
        this.deviceName = device;
        this.log = log;
        this.choose = choose;
    }

    /**
     * A trainer like this one whose artifacts always carry the trained DJL ranker, even where the
     * hold-out found another contender better (the metrics still say so): for measuring that ranker
     * itself, as the scoring benchmarks do.
     */
    public PerchTrainer trainedRankerOnly() {
        return new PerchTrainer(deviceName, log, false);
    }

    /**
     * Trains on {@code events} with no catalog (no categories) and writes {@code
     * outDir/<version>/}.
     */
    public TrainResult train(List<ClickEvent> events, TrainSettings settings, Path outDir)
            throws IOException {
        return train(events, List.of(), settings, outDir);
    }

    /**
     * Trains on {@code events}, taking item categories from {@code catalog}, and writes {@code
     * outDir/<version>/}.
     *
     * @throws IllegalArgumentException when the events give no training example
     */
    public TrainResult train(
            List<ClickEvent> events, List<Item> catalog, TrainSettings settings, Path outDir)
            throws IOException {
        return train(events, catalog, settings, null, outDir);
    }

    /**
     * Trains on {@code events}, with a sequence model when {@code sequence} is not null, and writes
     * {@code outDir/<version>/}.
     *
     * @throws IllegalArgumentException when the events give no training example
     */
    public TrainResult train(
            List<ClickEvent> events,
            List<Item> catalog,
            TrainSettings settings,
            SequenceSettings sequence,
            Path outDir)
            throws IOException {
        return train(events, catalog, Map.of(), settings, sequence, outDir);
    }

    /**
     * Trains on {@code events} with the catalog's text embeddings, so that the replay's content
     * source and {@code text_similarity} feature are those the model server computes from the
     * feature store's text embeddings, and the ranker learns what the text is worth (without them
     * the column is 0 in every training row and the ranker cannot weigh it).
     *
     * @param text the unit-length text embedding of each catalog item, encoded by the model
     *     server's sentence encoder (empty: none)
     * @throws IllegalArgumentException when the events give no training example
     */
    public TrainResult train(
            List<ClickEvent> events,
            List<Item> catalog,
            Map<String, float[]> text,
            TrainSettings settings,
            SequenceSettings sequence,
            Path outDir)
            throws IOException {
        return train(events, catalog, text, settings, sequence, SequenceSplit.TIME, outDir);
    }

    /**
     * Trains as {@link #train(List, List, Map, TrainSettings, SequenceSettings, Path)} does, with
     * the events shared between the sequence model and the ranker by {@code split}.
     *
     * @throws IllegalArgumentException when the events give no training example
     */
    public TrainResult train(
            List<ClickEvent> events,
            List<Item> catalog,
            Map<String, float[]> text,
            TrainSettings settings,
            SequenceSettings sequence,
            SequenceSplit split,
            Path outDir)
            throws IOException {
        long started = System.nanoTime();
        List<ClickEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(ClickEvent::getEventTime));
        boolean byUser = sequence != null && split == SequenceSplit.LAST_ITEM;
        int cut =
                byUser
                        ? sorted.size()
                        : (int) Math.round(sorted.size() * (1 - settings.holdoutShare()));
        List<ClickEvent> training = sorted.subList(0, cut);
        List<ClickEvent> holdout = sorted.subList(cut, sorted.size());
        if (training.isEmpty()) {
            throw new IllegalArgumentException("no training events");
        }
        ItemVocabulary vocabulary = ItemVocabulary.of(training, settings.maxItems());
        EmbeddingExamples examples =
                EmbeddingExamples.build(
                        training, vocabulary, settings.contextSize(), settings.maxExamples());
        if (examples.size() == 0) {
            throw new IllegalArgumentException(
                    "no training examples: no user touched two known items");
        }
        log.accept(
                String.format(
                        "training on %d events (%d held out), %d items, %d next-item examples",
                        training.size(), holdout.size(), vocabulary.size(), examples.size()));
        EmbeddingTrainer.Result embedded =
                EmbeddingTrainer.train(examples, vocabulary, settings, device, log);
        Map<String, float[]> embeddings = new LinkedHashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            embeddings.put(vocabulary.id(i), embedded.vectors()[i]);
        }
        Map<String, String> categories = categoriesOf(catalog);
        PipelineReplay replay =
                new PipelineReplay(
                        embeddings,
                        categories,
                        WeightedSumScorer.DEFAULT,
                        BusinessRules.NONE,
                        ReplaySettings.DEFAULTS);
        if (!text.isEmpty()) {
            replay.sources().useTextEmbeddings(text, categories);
            log.accept(String.format("item text: %d items with a text embedding", text.size()));
        }
        Recommender recommender = replay.recommender();
        IntPredicate rankable = i -> true;
        IntPredicate checked = i -> false;
        Path sequenceDir = null;
        SequenceModel sequenceModel = null;
        Map<String, Double> runMetrics = new TreeMap<>();
        runMetrics.put("text_items", (double) text.size());
        try {
            if (sequence != null) {
                List<ClickEvent> sequenceEvents;
                if (byUser) {
                    boolean[] last = lastItemEvents(training);
                    boolean[] check = checkedUsers(training, last, settings.seed());
                    rankable = i -> last[i] && !check[i];
                    checked = i -> check[i];
                    sequenceEvents = training;
                } else {
                    int rankFrom = (int) Math.round(training.size() * SEQUENCE_SHARE);
                    rankable = i -> i >= rankFrom;
                    sequenceEvents = training.subList(0, rankFrom);
                }
                sequenceDir = Files.createTempDirectory("perch-sequence-");
                SequenceArtifact trained =
                        SequenceTraining.train(
                                sequencesOf(sequenceEvents),
                                sequence,
                                sequenceDir,
                                deviceName,
                                log);
                sequenceModel = DjlSequenceModel.load(trained, deviceName);
                recommender =
                        recommender.withSequenceModel(sequenceModel, SequenceModel.CANDIDATES);
                runMetrics.put("sequence_items", (double) sequenceModel.items().size());
                runMetrics.put("sequence_train_events", (double) sequenceEvents.size());
            }
            return finishTraining(
                    started,
                    training,
                    holdout,
                    vocabulary,
                    examples,
                    embedded,
                    embeddings,
                    replay,
                    recommender,
                    rankable,
                    checked,
                    sequenceDir,
                    runMetrics,
                    settings,
                    versionOf(training, settings, sequence, byUser, text.size()),
                    outDir);
        } catch (InvalidArtifactException e) {
            throw new IllegalStateException(
                    "the sequence model just trained does not load back", e);
        } finally {
            if (sequenceModel != null) {
                sequenceModel.close();
            }
            if (sequenceDir != null) {
                for (String name : SequenceArtifact.FILES) {
                    Files.deleteIfExists(sequenceDir.resolve(name));
                }
                Files.deleteIfExists(sequenceDir);
            }
        }
    }

    private TrainResult finishTraining(
            long started,
            List<ClickEvent> training,
            List<ClickEvent> holdout,
            ItemVocabulary vocabulary,
            EmbeddingExamples examples,
            EmbeddingTrainer.Result embedded,
            Map<String, float[]> embeddings,
            PipelineReplay replay,
            Recommender recommender,
            IntPredicate rankable,
            IntPredicate checked,
            Path sequenceDir,
            Map<String, Double> runMetrics,
            TrainSettings settings,
            String version,
            Path outDir)
            throws IOException, InvalidArtifactException {
        List<Check> checks = new ArrayList<>();
        RankingExamples ranking =
                collectRankingExamples(
                        replay, recommender, training, rankable, checked, checks, settings);
        if (ranking.groups() == 0) {
            throw new IllegalArgumentException(
                    "no ranking examples: the candidate gatherer never found a next item");
        }
        log.accept(
                String.format(
                        "ranker: %d rows from %d next-item events",
                        ranking.size(), ranking.groups()));
        RankerTrainer.Result ranker = RankerTrainer.train(ranking, settings, device, log);
        Map<String, Double> metrics = new TreeMap<>();
        try (DjlScorer scorer =
                DjlScorer.of(version, ranker.model(), ranker.mean(), ranker.scale())) {
            float[] weights = WeightedSumScorer.DEFAULT.weights();
            Map<RankerKind, CandidateScorer> contenders = new LinkedHashMap<>();
            contenders.put(RankerKind.DJL, scorer);
            contenders.put(
                    RankerKind.WEIGHTED_SUM,
                    ArtifactRanker.fixed(RankerKind.WEIGHTED_SUM, version, weights));
            if (sequenceDir != null) {
                contenders.put(
                        RankerKind.SEQUENCE_FIRST,
                        ArtifactRanker.fixed(RankerKind.SEQUENCE_FIRST, version, weights));
            }
            RankerChoice choice = new RankerChoice(contenders, CUT_OFF);
            metrics.putAll(
                    checks.isEmpty()
                            ? evaluate(replay, recommender, holdout, choice, settings)
                            : evaluate(recommender, checks, choice));
            RankerKind chosen = choose ? choice.best() : RankerKind.DJL;
            metrics.putAll(runMetrics);
            metrics.put("train_events", (double) training.size());
            metrics.put("holdout_events_total", (double) holdout.size());
            metrics.put("items", (double) vocabulary.size());
            metrics.put("embedding_examples", (double) examples.size());
            metrics.put("ranker_rows", (double) ranking.size());
            metrics.put("embedding_loss_first", embedded.losses().get(0));
            metrics.put("embedding_loss_last", embedded.losses().get(embedded.losses().size() - 1));
            metrics.put("ranker_loss_last", ranker.losses().get(ranker.losses().size() - 1));
            log.accept(
                    String.format(
                            "ranker chosen on %d held-out events by NDCG@%d: %s (%s)",
                            choice.events(), CUT_OFF, chosen.id(), choice.metrics()));
            Manifest.RankerSpec spec =
                    chosen == RankerKind.DJL
                            ? new Manifest.RankerSpec(
                                    RankerKind.DJL.id(),
                                    RankerKind.DJL.fileName(),
                                    settings.rankerHidden(),
                                    toList(ranker.mean()),
                                    toList(ranker.scale()))
                            : new Manifest.RankerSpec(
                                    chosen.id(),
                                    chosen.fileName(),
                                    List.of(),
                                    List.of(),
                                    List.of());
            ModelArtifact artifact =
                    ArtifactWriter.write(
                            outDir,
                            new ArtifactWriter.Contents(
                                    version,
                                    embeddings,
                                    settings.dimension(),
                                    training.get(0).getEventTime(),
                                    training.get(training.size() - 1).getEventTime(),
                                    settings.seed(),
                                    spec,
                                    metrics,
                                    sequenceDir),
                            file -> {
                                if (chosen != RankerKind.DJL) {
                                    ArtifactRanker.writeWeights(file, weights);
                                    return;
                                }
                                try (DataOutputStream out =
                                        new DataOutputStream(
                                                new BufferedOutputStream(
                                                        Files.newOutputStream(file)))) {
                                    ranker.block().saveParameters(out);
                                }
                            });
            log.accept("wrote model " + version + " to " + artifact.directory() + ": " + metrics);
            return new TrainResult(
                    artifact,
                    embedded.losses(),
                    ranker.losses(),
                    examples.size(),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (InvalidArtifactException e) {
            throw new IllegalStateException("the artifact just written does not load back", e);
        }
    }

    /**
     * A held-out next item: the request the pipeline prepared just before it, and the popular list
     * at that moment (the baseline).
     */
    private record Check(RankingRequest request, String target, List<ScoredId> popular) {}

    /**
     * Each user's items in event-time order (every event with an item, repeats included), as the
     * live user state's sequence keeps them: what the sequence model learns from.
     */
    static List<List<String>> sequencesOf(List<ClickEvent> sortedEvents) {
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        for (ClickEvent event : sortedEvents) {
            if (event.getItemId() != null) {
                byUser.computeIfAbsent(event.getUserId().toString(), u -> new ArrayList<>())
                        .add(event.getItemId().toString());
            }
        }
        return new ArrayList<>(byUser.values());
    }

    /**
     * Marks, for {@link SequenceSplit#LAST_ITEM}, each user's last event with an item, where the
     * user has at least three: the sequence model's validation targets (SequenceTrainer trains on
     * the items before them; a user with two items trains on both, so theirs is not marked).
     */
    static boolean[] lastItemEvents(List<ClickEvent> sortedEvents) {
        Map<String, int[]> byUser = new HashMap<>();
        for (int i = 0; i < sortedEvents.size(); i++) {
            ClickEvent event = sortedEvents.get(i);
            if (event.getItemId() != null) {
                int[] countAndLast =
                        byUser.computeIfAbsent(event.getUserId().toString(), u -> new int[2]);
                countAndLast[0]++;
                countAndLast[1] = i;
            }
        }
        boolean[] last = new boolean[sortedEvents.size()];
        for (int[] countAndLast : byUser.values()) {
            if (countAndLast[0] >= 3) {
                last[countAndLast[1]] = true;
            }
        }
        return last;
    }

    /**
     * Picks, among the events {@code last} marks, those of a {@link #RANKER_CHECK_SHARE} of the
     * users (by a seeded draw per user, so the same run picks the same users).
     */
    static boolean[] checkedUsers(List<ClickEvent> sortedEvents, boolean[] last, long seed) {
        boolean[] checked = new boolean[last.length];
        for (int i = 0; i < last.length; i++) {
            if (last[i]) {
                String user = sortedEvents.get(i).getUserId().toString();
                // SplittableRandom mixes its seed (java.util.Random's first draw from nearby seeds
                // does not, and drew 17 % instead of 25 %)
                checked[i] =
                        new SplittableRandom(seed * 31 + user.hashCode()).nextDouble()
                                < RANKER_CHECK_SHARE;
            }
        }
        return checked;
    }

    /**
     * Ranking examples from the training events whose index is {@code rankable}, and the requests
     * of those {@code checked} into {@code checks} (the others only move the replay's states and
     * statistics).
     */
    private static RankingExamples collectRankingExamples(
            PipelineReplay replay,
            Recommender recommender,
            List<ClickEvent> training,
            IntPredicate rankable,
            IntPredicate checked,
            List<Check> checks,
            TrainSettings settings) {
        long withItem = 0;
        for (int i = 0; i < training.size(); i++) {
            if (rankable.test(i) && training.get(i).getItemId() != null) {
                withItem++;
            }
        }
        double chance = Math.min(1.0, 3.0 * settings.rankerExamples() / Math.max(1, withItem));
        Random random = new Random(settings.seed() + 3);
        RankingExamples examples = new RankingExamples();
        for (int i = 0; i < training.size(); i++) {
            ClickEvent event = training.get(i);
            if (rankable.test(i)
                    && event.getItemId() != null
                    && examples.groups() < settings.rankerExamples()
                    && random.nextDouble() < chance) {
                UserState state = replay.stateOf(event.getUserId());
                if (state != null) {
                    addGroup(examples, recommender.prepare(state), event, settings, random);
                }
            } else if (checked.test(i) && event.getItemId() != null) {
                UserState state = replay.stateOf(event.getUserId());
                if (state != null) {
                    checks.add(
                            new Check(
                                    recommender.prepare(state),
                                    event.getItemId().toString(),
                                    replay.sources().popular(CUT_OFF)));
                }
            }
            replay.apply(event);
        }
        return examples;
    }

    private static void addGroup(
            RankingExamples examples,
            RankingRequest request,
            ClickEvent event,
            TrainSettings settings,
            Random random) {
        String target = event.getItemId().toString();
        int positive = indexOf(request, target);
        if (positive < 0 || request.size() < 2) {
            return;
        }
        float[] features = request.features().values();
        examples.add(features, positive, 1f);
        for (int k = 0; k < settings.rankerNegatives(); k++) {
            int negative = random.nextInt(request.size() - 1);
            if (negative >= positive) {
                negative++;
            }
            examples.add(features, negative, 0f);
        }
        examples.endGroup();
    }

    /** Ranks the held-out later events with every contender of {@code choice}, in time order. */
    private static Map<String, Double> evaluate(
            PipelineReplay replay,
            Recommender recommender,
            List<ClickEvent> holdout,
            RankerChoice choice,
            TrainSettings s) {
        long withItem = holdout.stream().filter(e -> e.getItemId() != null).count();
        long stride = Math.max(1, withItem / s.evalEvents());
        long seen = 0;
        for (ClickEvent event : holdout) {
            if (event.getItemId() != null && seen++ % stride == 0) {
                UserState state = replay.stateOf(event.getUserId());
                if (state != null) {
                    choice.add(
                            recommender,
                            recommender.prepare(state),
                            event.getItemId().toString(),
                            replay.sources().popular(CUT_OFF));
                }
            }
            replay.apply(event);
        }
        return choice.metrics();
    }

    /** Ranks the held-out users' last items with every contender of {@code choice}. */
    private static Map<String, Double> evaluate(
            Recommender recommender, List<Check> checks, RankerChoice choice) {
        for (Check check : checks) {
            choice.add(recommender, check.request(), check.target(), check.popular());
        }
        return choice.metrics();
    }

    /** The index of {@code itemId} among the request's candidates, or -1. */
    static int indexOf(RankingRequest request, String itemId) {
        for (int i = 0; i < request.size(); i++) {
            if (request.candidates().get(i).itemId().equals(itemId)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> categoriesOf(List<Item> catalog) {
        Map<String, String> categories = new HashMap<>();
        for (Item item : catalog) {
            List<String> path = item.getCategoryPath();
            categories.put(
                    item.getItemId().toString(),
                    path == null || path.isEmpty() ? null : path.get(0).toString());
        }
        return categories;
    }

    /**
     * The version: the last training event time and a digest of the settings and the data, so the
     * same run gives the same version (and the same embeddings file bytes).
     */
    static String versionOf(List<ClickEvent> training, TrainSettings settings) {
        return versionOf(training, settings, null);
    }

    /** The version of a run that also trained a sequence model with {@code sequence} (or none). */
    static String versionOf(
            List<ClickEvent> training, TrainSettings settings, SequenceSettings sequence) {
        return versionOf(training, settings, sequence, false, 0);
    }

    /**
     * The same for a run with the text embeddings of {@code textItems} items (0: none), its events
     * split by user ({@link SequenceSplit#LAST_ITEM}) or by time.
     */
    static String versionOf(
            List<ClickEvent> training,
            TrainSettings settings,
            SequenceSettings sequence,
            boolean byUser,
            int textItems) {
        Instant last = training.get(training.size() - 1).getEventTime();
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update(settings.toString().getBytes(StandardCharsets.UTF_8));
        if (sequence != null) {
            digest.update(sequence.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (byUser) {
            digest.update("split|last-item".getBytes(StandardCharsets.UTF_8));
        }
        if (textItems > 0) {
            digest.update(("text|" + textItems).getBytes(StandardCharsets.UTF_8));
        }
        digest.update(
                (training.size()
                                + "|"
                                + training.get(0).getEventId()
                                + "|"
                                + training.get(training.size() - 1).getEventId()
                                + "|"
                                + RankingFeatures.VERSION)
                        .getBytes(StandardCharsets.UTF_8));
        return "v"
                + VERSION_TIME.format(last)
                + "-"
                + HexFormat.of().formatHex(digest.digest(), 0, 4);
    }

    private static List<Float> toList(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return list;
    }
}
