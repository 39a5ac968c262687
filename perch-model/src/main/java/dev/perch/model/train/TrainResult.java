package dev.perch.model.train;

import dev.perch.model.ModelArtifact;
import java.time.Duration;
import java.util.List;

/**
 * What a training run produced: the artifact written and loaded back, and the loss curve.
 *
 * @param artifact the artifact in {@code outDir/<version>/}
 * @param embeddingLosses the mean sampled-softmax loss of each embedding epoch
 * @param rankerLosses the mean logistic loss of each ranker epoch
 * @param examples how many embedding examples one epoch trained on
 * @param elapsed wall time of the whole run
 */
public record TrainResult(
        ModelArtifact artifact,
        List<Double> embeddingLosses,
        List<Double> rankerLosses,
        long examples,
        Duration elapsed) {
    public TrainResult {
        embeddingLosses = List.copyOf(embeddingLosses);
        rankerLosses = List.copyOf(rankerLosses);
    }
}
