package dev.perch.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.loss.Loss;

/**
 * Sampled softmax with the true item in column 0 of the logits: the mean of {@code -log
 * softmax(logits)[:, 0]}. The labels are implicit, so {@code labels} is ignored.
 */
final class SampledSoftmaxLoss extends Loss {
    SampledSoftmaxLoss() {
        super("sampled_softmax");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        return logits.logSoftmax(1).get(new NDIndex(":, 0")).neg().mean();
    }
}
