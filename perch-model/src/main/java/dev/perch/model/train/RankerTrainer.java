package dev.perch.model.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.perch.core.recommend.FeatureMatrix;
import dev.perch.core.recommend.RankingFeatures;
import dev.perch.model.Djl;
import dev.perch.model.RankerBlock;
import dev.perch.model.RankerInputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the ranking MLP ({@link RankerBlock}) with DJL on a ranking objective: the listwise
 * softmax loss ({@link ListwiseSoftmaxLoss}) over groups of one true next item and candidates the
 * real pipeline gathered for that moment, on standardised feature rows; Adam, seeded initial
 * weights, groups shuffled with a seeded order, so a seed gives the same model.
 */
final class RankerTrainer {
    /**
     * @param model the trained model, open (the caller closes it)
     * @param block its block
     * @param mean the per-feature mean subtracted before the MLP
     * @param scale the per-feature divisor
     * @param losses the mean loss of each epoch
     */
    record Result(Model model, Block block, float[] mean, float[] scale, List<Double> losses) {}

    private RankerTrainer() {}

    static Result train(
            RankingExamples examples, TrainSettings settings, Device device, Consumer<String> log) {
        int n = RankingFeatures.COUNT;
        float[] mean = examples.mean();
        float[] scale = examples.scale(mean);
        float[] x =
                RankerInputs.standardise(
                        new FeatureMatrix(
                                Arrays.copyOf(examples.rows(), examples.size() * n),
                                examples.size(),
                                n),
                        mean,
                        scale);
        int g = 1 + settings.rankerNegatives();
        int groups = examples.groups();
        if (examples.size() != groups * g) {
            throw new IllegalStateException(
                    "ranking rows must come in whole groups of " + g + ": " + examples.size());
        }
        Block block = RankerBlock.build(settings.rankerHidden());
        Model model = Model.newInstance("perch-ranker", device, Djl.ENGINE);
        model.setBlock(block);
        List<Double> losses = new ArrayList<>();
        ListwiseSoftmaxLoss objective = new ListwiseSoftmaxLoss(g);
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(objective)
                        .optInitializer(
                                new SeededInitializer(settings.seed() + 10), Parameter.Type.WEIGHT)
                        .optOptimizer(
                                Optimizer.adam()
                                        .optLearningRateTracker(
                                                Tracker.fixed(
                                                        (float) settings.rankerLearningRate()))
                                        .build())
                        .optDevices(new Device[] {device});
        int batchGroups = Math.max(1, settings.batchSize() / g);
        try (Trainer trainer = model.newTrainer(config);
                Progress progress =
                        Progress.of(
                                settings.progress(),
                                "ranker",
                                (long) settings.rankerEpochs()
                                        * ((groups + batchGroups - 1) / batchGroups))) {
            trainer.initialize(new Shape((long) batchGroups * g, n));
            Random order = new Random(settings.seed() + 11);
            for (int epoch = 0; epoch < settings.rankerEpochs(); epoch++) {
                int[] permutation = permutation(groups, order);
                double sum = 0;
                int batches = 0;
                for (int from = 0; from < groups; from += batchGroups) {
                    int m = Math.min(batchGroups, groups - from);
                    float[] bx = new float[m * g * n];
                    for (int i = 0; i < m; i++) {
                        int group = permutation[from + i];
                        System.arraycopy(x, group * g * n, bx, i * g * n, g * n);
                    }
                    try (NDManager manager = trainer.getManager().newSubManager()) {
                        NDArray features = manager.create(bx, new Shape((long) m * g, n));
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(new NDList(features));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(), out);
                            collector.backward(loss);
                            sum += loss.getFloat();
                        }
                        trainer.step();
                    }
                    batches++;
                    progress.step(1);
                }
                double loss = batches == 0 ? 0 : sum / batches;
                losses.add(loss);
                log.accept(
                        String.format(
                                "ranker epoch %d/%d: listwise softmax loss %.4f over %d groups"
                                        + " of %d",
                                epoch + 1, settings.rankerEpochs(), loss, groups, g));
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return new Result(model, block, mean, scale, losses);
    }

    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
