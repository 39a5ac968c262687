package dev.perch.model.sequence;

/**
 * The knobs of one sequence-model training run (SASRec+ defaults: hidden 64, 2 blocks, 1 head,
 * length 200, dropout 0.1, Adam 1e-3, batch 128, as in the paper's code for MovieLens-1M). Epochs
 * stop early when the validation NDCG@10 has not improved for {@code patience} checks, or when
 * {@code maxMinutes} of wall time are spent.
 *
 * @param seed the random seed (initial weights, batch order, dropout)
 * @param dimension the hidden and embedding size
 * @param blocks the number of Transformer blocks
 * @param heads attention heads per block
 * @param maxLength the longest sequence the model reads
 * @param dropout the dropout rate
 * @param learningRate the Adam learning rate
 * @param batchSize sequences per gradient step
 * @param maxEpochs the most passes over the training sequences
 * @param validateEvery epochs between two validation checks
 * @param patience checks without improvement before training stops
 * @param maxMinutes the wall-time budget of the run (0: none)
 * @param progress whether to draw a progress bar on the console
 * @param batching how each epoch's users are cut into batches
 */
public record SequenceSettings(
        long seed,
        int dimension,
        int blocks,
        int heads,
        int maxLength,
        double dropout,
        double learningRate,
        int batchSize,
        int maxEpochs,
        int validateEvery,
        int patience,
        double maxMinutes,
        boolean progress,
        Batching batching) {

    /** How each epoch's users are cut into gradient steps. */
    public enum Batching {
        /**
         * Users shuffled and cut in that order, each batch padded to its longest row and its loss
         * the mean over its positions: the SASRec+ reference code's {@code
         * DataLoader(shuffle=True)}. Every step sees a mix of short and long histories. Costs more
         * per epoch on a CPU (almost every batch of 128 MovieLens-1M users holds a 200-item
         * history, so the attention runs over 200 positions for every row), but the logits over the
         * catalog, which dominate, are computed for real positions only.
         */
        SHUFFLED,
        /**
         * Users grouped by length so that a batch pads little, the groups shuffled, each batch's
         * loss weighted by its share of the epoch's positions ({@code SequenceTrainer}'s position
         * weights), so that every position weighs the same over an epoch. Cheaper per epoch; but a
         * step sees one length only and most of an epoch's weight falls on the few batches of long
         * histories.
         */
        BY_LENGTH
    }

    /**
     * SASRec+ on MovieLens-1M sized for a CPU: at most 200 epochs or 85 minutes. Patience 10: on
     * the MovieLens-1M validation split the NDCG@10 moves by about 0.003 from one epoch to the next
     * while it still rises by about as much per epoch, so a patience of 3 stopped on noise (epoch
     * 36, budget unspent; docs/evaluation/sequence). Batches by length: the reference's shuffled
     * batches reached the same best validation NDCG@10 on MovieLens-1M (0.1743 at epoch 55 against
     * 0.1745 at epoch 87) at 1.4 times the cost per epoch (docs/evaluation/sequence).
     */
    public static final SequenceSettings DEFAULTS =
            new SequenceSettings(
                    42, 64, 2, 1, 200, 0.1, 1e-3, 128, 200, 1, 10, 85, true, Batching.BY_LENGTH);

    /**
     * The model {@code bin/perch local} trains at its first start (and {@code bin/perch bench} at
     * its start), while the newcomer waits: 32 dimensions and 2 blocks are plenty for the demo's
     * 300 items (SASRec+'s 64 serve MovieLens-1M's 3,700), sequences of 50 hold a shopper's last
     * few sessions, which is what predicts the next click in the simulator; Adam 3e-3 with batches
     * of 64 because the demo's 300 shoppers make only five steps an epoch; stopped after 5 checks
     * without a better validation NDCG@10 and within 45 seconds, so that the whole first start
     * (embeddings, this model, the ranker) stays within about a minute on two cores. No progress
     * bar: the command prints its own lines.
     */
    public static final SequenceSettings DEMO =
            new SequenceSettings(
                    42, 32, 2, 1, 50, 0.2, 3e-3, 64, 100, 1, 5, 0.75, false, Batching.BY_LENGTH);

    /** Tiny and quick, for tests. */
    public static final SequenceSettings SMALL =
            new SequenceSettings(
                    7, 16, 1, 1, 20, 0.1, 5e-3, 32, 30, 1, 3, 0, false, Batching.BY_LENGTH);

    public SequenceSettings {
        java.util.Objects.requireNonNull(batching, "batching");
        if (batchSize <= 0 || maxEpochs <= 0 || validateEvery <= 0 || patience <= 0) {
            throw new IllegalArgumentException("counts must be positive");
        }
        if (!(learningRate > 0) || !(maxMinutes >= 0)) {
            throw new IllegalArgumentException("learning rate must be positive, budget >= 0");
        }
        new SequenceShape(1, dimension, blocks, heads, maxLength, dropout);
    }

    /** The architecture for {@code itemCount} items. */
    public SequenceShape shape(int itemCount) {
        return new SequenceShape(itemCount, dimension, blocks, heads, maxLength, dropout);
    }

    /** A copy with another epoch cap and wall-time budget. */
    public SequenceSettings withBudget(int newMaxEpochs, double newMaxMinutes) {
        return new SequenceSettings(
                seed,
                dimension,
                blocks,
                heads,
                maxLength,
                dropout,
                learningRate,
                batchSize,
                newMaxEpochs,
                validateEvery,
                patience,
                newMaxMinutes,
                progress,
                batching);
    }

    /** A copy with another learning rate and batch size. */
    public SequenceSettings withOptimizer(double newLearningRate, int newBatchSize) {
        return new SequenceSettings(
                seed,
                dimension,
                blocks,
                heads,
                maxLength,
                dropout,
                newLearningRate,
                newBatchSize,
                maxEpochs,
                validateEvery,
                patience,
                maxMinutes,
                progress,
                batching);
    }

    /** A copy with another seed. */
    public SequenceSettings withSeed(long newSeed) {
        return new SequenceSettings(
                newSeed,
                dimension,
                blocks,
                heads,
                maxLength,
                dropout,
                learningRate,
                batchSize,
                maxEpochs,
                validateEvery,
                patience,
                maxMinutes,
                progress,
                batching);
    }

    /** A copy with the progress bar on or off. */
    public SequenceSettings withProgress(boolean show) {
        return new SequenceSettings(
                seed,
                dimension,
                blocks,
                heads,
                maxLength,
                dropout,
                learningRate,
                batchSize,
                maxEpochs,
                validateEvery,
                patience,
                maxMinutes,
                show,
                batching);
    }

    /** A copy with another way of cutting epochs into batches. */
    public SequenceSettings withBatching(Batching newBatching) {
        return new SequenceSettings(
                seed,
                dimension,
                blocks,
                heads,
                maxLength,
                dropout,
                learningRate,
                batchSize,
                maxEpochs,
                validateEvery,
                patience,
                maxMinutes,
                progress,
                newBatching);
    }
}
