package dev.perch.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.loss.Loss;

/**
 * The listwise softmax ranking loss (ListNet with one relevant item, the sampled-softmax
 * cross-entropy of SASRec+ applied to the ranker): the scores of one group, the true next item
 * first and then candidates the real pipeline gathered, go through a softmax, and the loss is the
 * negative log-probability of the true item. A ranking objective: only the order inside a group
 * matters, unlike the pointwise logistic loss it replaces.
 */
final class ListwiseSoftmaxLoss extends Loss {
    private final int groupSize;

    /** A loss over groups of {@code groupSize} rows, the relevant row first in each. */
    ListwiseSoftmaxLoss(int groupSize) {
        super("listwise-softmax");
        if (groupSize < 2) {
            throw new IllegalArgumentException("a group needs at least 2 rows: " + groupSize);
        }
        this.groupSize = groupSize;
    }

    /** The rows per group. */
    int groupSize() {
        return groupSize;
    }

    /**
     * The mean loss over the groups of {@code predictions} (scores of shape [groups * groupSize] or
     * [groups * groupSize, 1]); {@code labels} are not read, the first row of a group is its
     * relevant item.
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray scores = predictions.singletonOrThrow();
        long groups = scores.size() / groupSize;
        NDArray logProbabilities = scores.reshape(groups, groupSize).logSoftmax(1);
        return logProbabilities.get(new NDIndex(":, 0")).neg().mean();
    }
}
