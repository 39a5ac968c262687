package dev.perch.model.sequence;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.perch.model.Djl;
import dev.perch.model.train.SeededInitializer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains a {@link SasRecBlock} with DJL (Adam, full softmax cross-entropy over every item at every
 * position, as SASRec+ does) on users' item sequences, holding each user's last item out as the
 * validation target (SASRec's split): training stops when the validation NDCG@10 stops improving or
 * the time budget is spent, and the best checkpoint is kept. The seed fixes the initial weights and
 * the batch order, and the dropout masks (libtorch's generator is seeded), so two runs of one seed
 * on one device give the same bytes (SequenceModelTest checks this while the garbage collector
 * runs, see {@link dev.perch.model.Djl#scalar}).
 */
public final class SequenceTrainer {
    private static final int CUT_OFF = 10;
    private static final int EVAL_BATCH = 256;
    private static final int LENGTH_BUCKET = 16;

    /**
     * Every weight matrix (item and position tables, output projections, feed-forward) starts
     * normal with this standard deviation, as in the SASRec+ reference code (Klenitskiy &amp;
     * Vasilev 2023, after GPT-2); the query, key and value projections start Xavier-uniform, as
     * that code's attention module starts them ({@link SasRecBlock#isAttentionInput}); layer norms
     * start at gain 1, bias 0. With unit-variance starts (fan-in uniform) every residual branch
     * began as large as its input, and on MovieLens-1M the validation NDCG@10 stood still for the
     * first five epochs (docs/evaluation/sequence).
     */
    static final double INITIAL_STANDARD_DEVIATION = 0.02;

    /**
     * @param shape the architecture
     * @param parameters the best checkpoint, as DJL's {@code saveParameters} writes it
     * @param losses the mean training loss of each epoch
     * @param validation the validation HR@10 and NDCG@10 of each check, by epoch
     * @param bestEpoch the epoch of the kept checkpoint
     * @param seconds the wall time of the run
     */
    public record Result(
            SequenceShape shape,
            byte[] parameters,
            List<Double> losses,
            List<Check> validation,
            int bestEpoch,
            double seconds) {
        /** The best validation check. */
        public Check best() {
            return validation.stream()
                    .filter(c -> c.epoch() == bestEpoch)
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** One validation check: HR@10 and NDCG@10 over the validation users after {@code epoch}. */
    public record Check(int epoch, double hr10, double ndcg10, double seconds) {}

    private final Device device;
    private final Consumer<String> log;

    /** A trainer on {@code device} ("cpu", "gpu", ...) that reports each epoch to {@code log}. */
    public SequenceTrainer(String device, Consumer<String> log) {
        Djl.offline();
        this.device = Djl.device(device);
        this.log = log;
    }

    /**
     * Trains on {@code sequences}: each user's item indices (1..itemCount), oldest first. The last
     * item of each sequence with at least three items is the validation target; the items before it
     * are the training data.
     *
     * @throws IllegalArgumentException when no sequence has three items
     */
    public Result train(List<int[]> sequences, int itemCount, SequenceSettings settings) {
        long started = System.nanoTime();
        List<int[]> training = new ArrayList<>();
        List<int[]> validationInputs = new ArrayList<>();
        List<Integer> validationTargets = new ArrayList<>();
        for (int[] sequence : sequences) {
            if (sequence.length >= 3) {
                int[] head = Arrays.copyOf(sequence, sequence.length - 1);
                training.add(head);
                validationInputs.add(head);
                validationTargets.add(sequence[sequence.length - 1]);
            } else if (sequence.length == 2) {
                training.add(sequence);
            }
        }
        if (validationInputs.isEmpty()) {
            throw new IllegalArgumentException("no sequence has three items to validate on");
        }
        SequenceShape shape = settings.shape(itemCount);
        SasRecBlock block = new SasRecBlock(shape);
        Engine.getEngine(Djl.ENGINE).setRandomSeed((int) settings.seed());
        List<Double> losses = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        byte[] best = null;
        int bestEpoch = 0;
        double bestNdcg = -1;
        int stale = 0;
        try (Model model = Model.newInstance("perch-sequence", device, Djl.ENGINE)) {
            model.setBlock(block);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optInitializer(
                                    SeededInitializer.normal(
                                            settings.seed(), INITIAL_STANDARD_DEVIATION),
                                    Parameter.Type.WEIGHT)
                            .optInitializer(
                                    SeededInitializer.uniform(
                                            settings.seed() + 1,
                                            SasRecBlock.attentionInputBound(shape.dimension())),
                                    SasRecBlock::isAttentionInput)
                            .optOptimizer(
                                    Optimizer.adam()
                                            .optLearningRateTracker(
                                                    Tracker.fixed((float) settings.learningRate()))
                                            .build())
                            .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(
                        new Shape(1, 2),
                        new Shape(2),
                        new Shape(1, 1, 2, 2),
                        new Shape(1, 1, 1, 2),
                        new Shape(1, 2, 1),
                        new Shape(1));
                Random order = new Random(settings.seed() + 2);
                int batches = (training.size() + settings.batchSize() - 1) / settings.batchSize();
                try (ProgressBar bar = bar(settings, (long) batches * settings.maxEpochs())) {
                    for (int epoch = 1; epoch <= settings.maxEpochs(); epoch++) {
                        long epochStarted = System.nanoTime();
                        double loss = epoch(trainer, training, settings, order, bar);
                        losses.add(loss);
                        double epochSeconds = (System.nanoTime() - epochStarted) / 1e9;
                        double elapsedMinutes = (System.nanoTime() - started) / 6e10;
                        boolean outOfTime =
                                settings.maxMinutes() > 0
                                        && elapsedMinutes + epochSeconds / 60
                                                > settings.maxMinutes();
                        boolean last = epoch == settings.maxEpochs() || outOfTime;
                        String line =
                                String.format(
                                        "sequence epoch %d/%d: loss %.4f in %.0f s",
                                        epoch, settings.maxEpochs(), loss, epochSeconds);
                        if (epoch % settings.validateEvery() == 0 || last) {
                            long checkStarted = System.nanoTime();
                            double[] metrics =
                                    validate(
                                            block,
                                            trainer.getManager(),
                                            validationInputs,
                                            validationTargets,
                                            shape);
                            Check check =
                                    new Check(
                                            epoch,
                                            metrics[0],
                                            metrics[1],
                                            (System.nanoTime() - started) / 1e9);
                            checks.add(check);
                            boolean improved = metrics[1] > bestNdcg;
                            if (improved) {
                                bestNdcg = metrics[1];
                                bestEpoch = epoch;
                                best = parameters(block);
                                stale = 0;
                            } else {
                                stale++;
                            }
                            line +=
                                    String.format(
                                            "; validation hr@10 %.4f ndcg@10 %.4f%s (%.0f s)",
                                            metrics[0],
                                            metrics[1],
                                            improved ? " best" : "",
                                            (System.nanoTime() - checkStarted) / 1e9);
                            if (bar != null) {
                                bar.setExtraMessage(
                                        String.format(
                                                "loss %.3f val ndcg@10 %.4f", loss, metrics[1]));
                            }
                        }
                        log.accept(line);
                        if (stale >= settings.patience()) {
                            log.accept(
                                    "sequence: early stop, no improvement in "
                                            + stale
                                            + " checks; best epoch "
                                            + bestEpoch);
                            break;
                        }
                        if (outOfTime) {
                            log.accept(
                                    String.format(
                                            "sequence: time budget of %.0f min reached after"
                                                    + " epoch %d; best epoch %d",
                                            settings.maxMinutes(), epoch, bestEpoch));
                            break;
                        }
                    }
                }
            }
        }
        return new Result(
                shape,
                best,
                List.copyOf(losses),
                List.copyOf(checks),
                bestEpoch,
                (System.nanoTime() - started) / 1e9);
    }

    private static double epoch(
            Trainer trainer,
            List<int[]> training,
            SequenceSettings settings,
            Random order,
            ProgressBar bar) {
        List<List<int[]>> batches;
        double[] weights;
        if (settings.batching() == SequenceSettings.Batching.SHUFFLED) {
            batches = shuffledBatches(training, settings.batchSize(), order);
            weights = new double[batches.size()];
            Arrays.fill(weights, 1.0);
        } else {
            batches = batches(training, settings, order);
            weights = positionWeights(batches, settings.maxLength());
        }
        double sum = 0;
        long positions = 0;
        for (int b = 0; b < batches.size(); b++) {
            List<int[]> rows = batches.get(b);
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList all = SequenceBatch.forTraining(manager, rows, settings.maxLength());
                NDArray labels = all.get(all.size() - 1);
                NDList inputs = new NDList(all.subList(0, all.size() - 1));
                long n = labels.size();
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(inputs);
                    NDArray value = trainer.getLoss().evaluate(new NDList(labels), predictions);
                    collector.backward(value.mul(Djl.scalar(value, (float) weights[b])));
                    sum += value.getFloat() * n;
                    positions += n;
                }
                trainer.step();
            }
            if (bar != null) {
                bar.step();
            }
        }
        return positions == 0 ? 0 : sum / positions;
    }

    /**
     * Each batch's loss factor, so that every predicted position weighs the same over an epoch, as
     * in the reference code's freely shuffled batches whose loss is the mean over all their
     * positions: a batch's loss is the mean over its own positions, and since {@link #batches}
     * groups users by length, a batch of 20-item histories would otherwise weigh each of its
     * positions ten times as much as a batch of 200-item ones, training the model on the first
     * items of histories rather than on where a long history goes next. The factor is the batch's
     * positions over the epoch's mean positions per batch (mean 1, so Adam's step size is kept).
     */
    static double[] positionWeights(List<List<int[]>> batches, int maxLength) {
        double[] counts = new double[batches.size()];
        double total = 0;
        for (int b = 0; b < counts.length; b++) {
            for (int[] row : batches.get(b)) {
                counts[b] += SequenceBatch.positions(row, maxLength);
            }
            total += counts[b];
        }
        double mean = total / counts.length;
        for (int b = 0; b < counts.length; b++) {
            counts[b] /= mean;
        }
        return counts;
    }

    /**
     * The epoch's batches for {@link SequenceSettings.Batching#SHUFFLED}: users shuffled and cut in
     * that order, as the reference code's shuffling data loader does.
     */
    static List<List<int[]>> shuffledBatches(List<int[]> training, int batchSize, Random order) {
        List<int[]> users = new ArrayList<>(training);
        Collections.shuffle(users, order);
        return cut(users, batchSize);
    }

    /**
     * The epoch's batches for {@link SequenceSettings.Batching#BY_LENGTH}: users shuffled, then
     * grouped by length (so a batch pads little; the sort is stable, so the shuffle orders each
     * group) and the groups shuffled.
     */
    static List<List<int[]>> batches(
            List<int[]> training, SequenceSettings settings, Random order) {
        List<int[]> users = new ArrayList<>(training);
        Collections.shuffle(users, order);
        int cap = settings.maxLength() + 1;
        users.sort(Comparator.comparingInt(row -> Math.min(row.length, cap) / LENGTH_BUCKET));
        List<List<int[]>> batches = cut(users, settings.batchSize());
        Collections.shuffle(batches, order);
        return batches;
    }

    /** {@code users} cut in order into batches of {@code batchSize} (the last one may be short). */
    private static List<List<int[]>> cut(List<int[]> users, int batchSize) {
        List<List<int[]>> batches = new ArrayList<>();
        for (int from = 0; from < users.size(); from += batchSize) {
            batches.add(users.subList(from, Math.min(users.size(), from + batchSize)));
        }
        return batches;
    }

    /** HR@10 and NDCG@10 of the validation targets, the inputs' items excluded from the ranking. */
    private static double[] validate(
            SasRecBlock block,
            NDManager parent,
            List<int[]> inputs,
            List<Integer> targets,
            SequenceShape shape) {
        double hits = 0;
        double gain = 0;
        Integer[] byLength = new Integer[inputs.size()];
        for (int i = 0; i < byLength.length; i++) {
            byLength[i] = i;
        }
        Arrays.sort(byLength, Comparator.comparingInt(i -> inputs.get(i).length));
        for (int from = 0; from < inputs.size(); from += EVAL_BATCH) {
            int to = Math.min(inputs.size(), from + EVAL_BATCH);
            List<int[]> rows = new ArrayList<>(to - from);
            List<Integer> rowTargets = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                rows.add(inputs.get(byLength[i]));
                rowTargets.add(targets.get(byLength[i]));
            }
            float[] logits;
            try (NDManager manager = parent.newSubManager()) {
                ParameterStore store = new ParameterStore(manager, false);
                NDArray hidden =
                        block.newest(
                                store, SequenceBatch.forNewest(manager, rows, shape.maxLength()));
                logits =
                        block.logits(store, hidden, false)
                                .toType(DataType.FLOAT32, false)
                                .toFloatArray();
            }
            int v = shape.itemCount();
            for (int r = 0; r < rows.size(); r++) {
                int rank = rankOf(logits, r * v, v, rows.get(r), rowTargets.get(r));
                if (rank < CUT_OFF) {
                    hits++;
                    gain += 1 / (Math.log(rank + 2) / Math.log(2));
                }
            }
        }
        return new double[] {hits / inputs.size(), gain / inputs.size()};
    }

    /**
     * The 0-based rank of {@code target} among the items not in {@code seen}; ties count against.
     */
    static int rankOf(float[] logits, int offset, int itemCount, int[] seen, int target) {
        boolean[] excluded = new boolean[itemCount + 1];
        for (int item : seen) {
            excluded[item] = true;
        }
        float score = logits[offset + target - 1];
        int rank = 0;
        for (int item = 1; item <= itemCount; item++) {
            if (item != target && !excluded[item] && logits[offset + item - 1] >= score) {
                rank++;
            }
        }
        return rank;
    }

    private static byte[] parameters(SasRecBlock block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static ProgressBar bar(SequenceSettings settings, long max) {
        if (!settings.progress()) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName("sequence model")
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000)
                .build();
    }
}
