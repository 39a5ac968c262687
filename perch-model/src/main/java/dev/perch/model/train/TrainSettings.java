package dev.perch.model.train;

import java.util.List;

/**
 * The knobs of one training run; {@link #DEFAULTS} suits a shop-sized click-stream on a CPU and
 * {@link #SMALL} a unit test. Immutable, validated on construction; the same settings and events
 * give the same embeddings, byte for byte.
 *
 * @param seed the random seed (initial weights, negative sampling, example order)
 * @param dimension the item embedding dimension
 * @param epochs passes over the embedding examples
 * @param learningRate the Adam learning rate of the embeddings
 * @param batchSize examples per gradient step
 * @param negatives sampled negative items per positive (sampled softmax)
 * @param holdoutShare the share of events, the latest in event time, held out for the offline
 *     metrics (0 for none)
 * @param maxItems the most popular items that get an embedding; rarer items are dropped
 * @param contextSize how many of the user's previous items form the training context
 * @param maxExamples the cap on embedding examples (the latest are kept)
 * @param temperature the logit scale of the cosine scores in the softmax
 * @param rankerHidden the hidden layer sizes of the ranking MLP
 * @param rankerEpochs passes over the ranking examples
 * @param rankerLearningRate the Adam learning rate of the ranker
 * @param rankerExamples the cap on ranking examples (training events whose next item the candidate
 *     gatherer found)
 * @param rankerNegatives candidates sampled as negatives per ranking example
 * @param evalEvents the cap on held-out events the offline metrics are computed on
 * @param progress whether to draw a progress bar on the console
 */
public record TrainSettings(
        long seed,
        int dimension,
        int epochs,
        double learningRate,
        int batchSize,
        int negatives,
        double holdoutShare,
        int maxItems,
        int contextSize,
        int maxExamples,
        double temperature,
        List<Integer> rankerHidden,
        int rankerEpochs,
        double rankerLearningRate,
        int rankerExamples,
        int rankerNegatives,
        int evalEvents,
        boolean progress) {

    /** Seed 42, 64 dims, 5 epochs, Adam 0.01, batch 256, 32 negatives, 10% held out. */
    public static final TrainSettings DEFAULTS =
            new TrainSettings(
                    42,
                    64,
                    5,
                    0.01,
                    256,
                    32,
                    0.1,
                    100_000,
                    20,
                    500_000,
                    10.0,
                    List.of(32, 16),
                    4,
                    0.005,
                    30_000,
                    16,
                    5_000,
                    true);

    /** Tiny and quick: 16 dims, small caps, no progress bar (tests). */
    public static final TrainSettings SMALL =
            new TrainSettings(
                    7,
                    16,
                    4,
                    0.02,
                    128,
                    16,
                    0.1,
                    10_000,
                    10,
                    50_000,
                    10.0,
                    List.of(16),
                    4,
                    0.01,
                    4_000,
                    8,
                    1_000,
                    false);

    public TrainSettings {
        requirePositive("dimension", dimension);
        requirePositive("epochs", epochs);
        requirePositive("batchSize", batchSize);
        requirePositive("negatives", negatives);
        requirePositive("maxItems", maxItems);
        requirePositive("contextSize", contextSize);
        requirePositive("maxExamples", maxExamples);
        requirePositive("rankerEpochs", rankerEpochs);
        requirePositive("rankerExamples", rankerExamples);
        requirePositive("rankerNegatives", rankerNegatives);
        requirePositive("evalEvents", evalEvents);
        if (!(learningRate > 0) || !(rankerLearningRate > 0) || !(temperature > 0)) {
            throw new IllegalArgumentException("learning rates and temperature must be positive");
        }
        if (!(holdoutShare >= 0 && holdoutShare < 1)) {
            throw new IllegalArgumentException("holdoutShare must be in [0, 1): " + holdoutShare);
        }
        rankerHidden = List.copyOf(rankerHidden);
        rankerHidden.forEach(units -> requirePositive("rankerHidden", units));
    }

    /** A copy with another seed. */
    public TrainSettings withSeed(long newSeed) {
        return new TrainSettings(
                newSeed,
                dimension,
                epochs,
                learningRate,
                batchSize,
                negatives,
                holdoutShare,
                maxItems,
                contextSize,
                maxExamples,
                temperature,
                rankerHidden,
                rankerEpochs,
                rankerLearningRate,
                rankerExamples,
                rankerNegatives,
                evalEvents,
                progress);
    }

    /** A copy with another dimension. */
    public TrainSettings withDimension(int newDimension) {
        return new TrainSettings(
                seed,
                newDimension,
                epochs,
                learningRate,
                batchSize,
                negatives,
                holdoutShare,
                maxItems,
                contextSize,
                maxExamples,
                temperature,
                rankerHidden,
                rankerEpochs,
                rankerLearningRate,
                rankerExamples,
                rankerNegatives,
                evalEvents,
                progress);
    }

    /** A copy with another number of embedding epochs. */
    public TrainSettings withEpochs(int newEpochs) {
        return new TrainSettings(
                seed,
                dimension,
                newEpochs,
                learningRate,
                batchSize,
                negatives,
                holdoutShare,
                maxItems,
                contextSize,
                maxExamples,
                temperature,
                rankerHidden,
                rankerEpochs,
                rankerLearningRate,
                rankerExamples,
                rankerNegatives,
                evalEvents,
                progress);
    }

    /** A copy with another held-out share. */
    public TrainSettings withHoldoutShare(double newShare) {
        return new TrainSettings(
                seed,
                dimension,
                epochs,
                learningRate,
                batchSize,
                negatives,
                newShare,
                maxItems,
                contextSize,
                maxExamples,
                temperature,
                rankerHidden,
                rankerEpochs,
                rankerLearningRate,
                rankerExamples,
                rankerNegatives,
                evalEvents,
                progress);
    }

    /** A copy with the progress bar on or off. */
    public TrainSettings withProgress(boolean show) {
        return new TrainSettings(
                seed,
                dimension,
                epochs,
                learningRate,
                batchSize,
                negatives,
                holdoutShare,
                maxItems,
                contextSize,
                maxExamples,
                temperature,
                rankerHidden,
                rankerEpochs,
                rankerLearningRate,
                rankerExamples,
                rankerNegatives,
                evalEvents,
                show);
    }

    /** A copy with other example caps: embedding examples, ranking examples, evaluated events. */
    public TrainSettings withCaps(int newMaxExamples, int newRankerExamples, int newEvalEvents) {
        return new TrainSettings(
                seed,
                dimension,
                epochs,
                learningRate,
                batchSize,
                negatives,
                holdoutShare,
                maxItems,
                contextSize,
                newMaxExamples,
                temperature,
                rankerHidden,
                rankerEpochs,
                rankerLearningRate,
                newRankerExamples,
                rankerNegatives,
                newEvalEvents,
                progress);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
