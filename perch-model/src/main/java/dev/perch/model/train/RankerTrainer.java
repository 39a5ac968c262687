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
import ai.djl.training.loss.Loss;
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
 * Trains the ranking MLP ({@link RankerBlock}) with DJL: logistic loss on standardised feature
 * rows, the true next item labelled 1 and sampled other candidates 0, Adam, seeded initial weights.
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
        float[] y = examples.labels();
        Block block = RankerBlock.build(settings.rankerHidden());
        Model model = Model.newInstance("perch-ranker", device, Djl.ENGINE);
        model.setBlock(block);
        List<Double> losses = new ArrayList<>();
        DefaultTrainingConfig config =
                new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss())
                        .optInitializer(
                                new SeededInitializer(settings.seed() + 10), Parameter.Type.WEIGHT)
                        .optOptimizer(
                                Optimizer.adam()
                                        .optLearningRateTracker(
                                                Tracker.fixed(
                                                        (float) settings.rankerLearningRate()))
                                        .build())
                        .optDevices(new Device[] {device});
        int batch = settings.batchSize();
        int size = examples.size();
        try (Trainer trainer = model.newTrainer(config);
                Progress progress =
                        Progress.of(
                                settings.progress(),
                                "ranker",
                                (long) settings.rankerEpochs() * ((size + batch - 1) / batch))) {
            trainer.initialize(new Shape(batch, n));
            Random order = new Random(settings.seed() + 11);
            for (int epoch = 0; epoch < settings.rankerEpochs(); epoch++) {
                int[] permutation = permutation(size, order);
                double sum = 0;
                int batches = 0;
                for (int from = 0; from < size; from += batch) {
                    int m = Math.min(batch, size - from);
                    float[] bx = new float[m * n];
                    float[] by = new float[m];
                    for (int i = 0; i < m; i++) {
                        int r = permutation[from + i];
                        System.arraycopy(x, r * n, bx, i * n, n);
                        by[i] = y[r];
                    }
                    try (NDManager manager = trainer.getManager().newSubManager()) {
                        NDArray features = manager.create(bx, new Shape(m, n));
                        NDArray labels = manager.create(by, new Shape(m, 1));
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList out = trainer.forward(new NDList(features));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(labels), out);
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
                                "ranker epoch %d/%d: loss %.4f over %d rows",
                                epoch + 1, settings.rankerEpochs(), loss, size));
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
