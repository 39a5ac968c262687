package dev.perch.model.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.perch.model.Djl;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the item table of {@link ItemEmbeddingBlock} with DJL (Adam, sampled softmax against
 * negatives drawn by frequency^0.75) and returns it L2-normalised. Deterministic for a seed: the
 * initial table, the example order and the negatives all come from {@link Random}s seeded by it.
 */
final class EmbeddingTrainer {
    /**
     * @param vectors one unit vector per vocabulary item
     * @param losses the mean loss of each epoch
     */
    record Result(float[][] vectors, List<Double> losses) {}

    private EmbeddingTrainer() {}

    static Result train(
            EmbeddingExamples examples,
            ItemVocabulary vocabulary,
            TrainSettings settings,
            Device device,
            Consumer<String> log) {
        int v = vocabulary.size();
        int d = settings.dimension();
        int l = examples.contextSize();
        int c = 1 + settings.negatives();
        int batch = Math.min(settings.batchSize(), Math.max(1, examples.size()));
        ItemEmbeddingBlock block = new ItemEmbeddingBlock(v, d, settings.temperature());
        List<Double> losses = new ArrayList<>();
        try (Model model = Model.newInstance("perch-embeddings", device, Djl.ENGINE)) {
            model.setBlock(block);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(new SampledSoftmaxLoss())
                            .optInitializer(
                                    new SeededInitializer(settings.seed()), Parameter.Type.WEIGHT)
                            .optOptimizer(
                                    Optimizer.adam()
                                            .optLearningRateTracker(
                                                    Tracker.fixed((float) settings.learningRate()))
                                            .build())
                            .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch, l), new Shape(batch, l), new Shape(batch, c));
                NegativeSampler sampler = new NegativeSampler(vocabulary, settings.seed() + 1);
                Random order = new Random(settings.seed() + 2);
                int n = examples.size();
                long steps = (long) settings.epochs() * ((n + batch - 1) / batch);
                try (Progress progress = Progress.of(settings.progress(), "embeddings", steps)) {
                    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
                        int[] permutation = permutation(n, order);
                        double sum = 0;
                        int batches = 0;
                        for (int from = 0; from < n; from += batch) {
                            int size = Math.min(batch, n - from);
                            sum += step(trainer, examples, permutation, from, size, c, sampler);
                            batches++;
                            progress.step(1);
                        }
                        double loss = batches == 0 ? 0 : sum / batches;
                        losses.add(loss);
                        progress.message(String.format("epoch %d loss %.4f", epoch + 1, loss));
                        log.accept(
                                String.format(
                                        "embeddings epoch %d/%d: loss %.4f over %d examples",
                                        epoch + 1, settings.epochs(), loss, n));
                    }
                }
                float[] table = block.items().getArray().toFloatArray();
                return new Result(unitRows(table, v, d), losses);
            }
        }
    }

    private static double step(
            Trainer trainer,
            EmbeddingExamples ex,
            int[] permutation,
            int from,
            int size,
            int c,
            NegativeSampler sampler) {
        int l = ex.contextSize();
        long[] ids = new long[size * l];
        float[] weights = new float[size * l];
        long[] candidates = new long[size * c];
        for (int i = 0; i < size; i++) {
            int e = permutation[from + i];
            System.arraycopy(ex.contextIds(), e * l, ids, i * l, l);
            System.arraycopy(ex.contextWeights(), e * l, weights, i * l, l);
            candidates[i * c] = ex.targets()[e];
            for (int k = 1; k < c; k++) {
                candidates[i * c + k] = sampler.next();
            }
        }
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDList inputs =
                    new NDList(
                            manager.create(ids, new Shape(size, l)),
                            manager.create(weights, new Shape(size, l)),
                            manager.create(candidates, new Shape(size, c)));
            float loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(inputs);
                NDArray value = trainer.getLoss().evaluate(new NDList(), predictions);
                collector.backward(value);
                loss = value.getFloat();
            }
            trainer.step();
            return loss;
        }
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

    static float[][] unitRows(float[] table, int rows, int d) {
        float[][] vectors = new float[rows][d];
        for (int r = 0; r < rows; r++) {
            double squares = 0;
            for (int k = 0; k < d; k++) {
                double x = table[r * d + k];
                squares += x * x;
            }
            double norm = Math.sqrt(squares);
            for (int k = 0; k < d; k++) {
                vectors[r][k] = norm > 0 ? (float) (table[r * d + k] / norm) : 0f;
            }
        }
        return vectors;
    }

    /** Draws item indices with probability proportional to frequency^0.75 (word2vec's choice). */
    static final class NegativeSampler {
        private final double[] cumulative;
        private final Random random;

        NegativeSampler(ItemVocabulary vocabulary, long seed) {
            this.cumulative = new double[vocabulary.size()];
            double total = 0;
            for (int i = 0; i < cumulative.length; i++) {
                total += Math.pow(vocabulary.count(i), 0.75);
                cumulative[i] = total;
            }
            for (int i = 0; i < cumulative.length; i++) {
                cumulative[i] /= total;
            }
            this.random = new Random(seed);
        }

        long next() {
            double r = random.nextDouble();
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] < r) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
