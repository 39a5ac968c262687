package dev.perch.model.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.perch.model.Djl;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the trainer weighs the positions of its length-grouped batches. */
class SequenceTrainerTest {

    @Test
    @DisplayName(
            "every predicted position weighs the same over an epoch, though batches are grouped by"
                    + " length (as in the reference's shuffled batches)")
    void positionsWeighTheSame() {
        SequenceSettings settings = SequenceSettings.SMALL.withOptimizer(1e-3, 8);
        Random random = new Random(3);
        List<int[]> training = new ArrayList<>();
        for (int u = 0; u < 200; u++) {
            // 2 to 60 items, so that some are longer than the model's 20 and are cut
            int[] row = new int[2 + random.nextInt(59)];
            for (int i = 0; i < row.length; i++) {
                row[i] = 1 + random.nextInt(50);
            }
            training.add(row);
        }
        List<List<int[]>> batches = SequenceTrainer.batches(training, settings, new Random(5));
        double[] weights = SequenceTrainer.positionWeights(batches, settings.maxLength());

        double totalPositions = 0;
        double[] perPosition = new double[batches.size()];
        Djl.offline();
        try (NDManager manager = NDManager.newBaseManager(Djl.ENGINE)) {
            for (int b = 0; b < batches.size(); b++) {
                NDList batch =
                        SequenceBatch.forTraining(manager, batches.get(b), settings.maxLength());
                long positions = batch.get(batch.size() - 1).size();
                totalPositions += positions;
                // the loss is the mean over the batch's positions, times the batch's factor
                perPosition[b] = weights[b] / positions;
            }
        }
        double meanPerBatch = totalPositions / batches.size();
        for (int b = 0; b < batches.size(); b++) {
            assertThat(perPosition[b]).as("batch %d", b).isCloseTo(1 / meanPerBatch, within(1e-9));
        }
        double mean = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double w : weights) {
            mean += w / weights.length;
            min = Math.min(min, w);
            max = Math.max(max, w);
        }
        assertThat(mean).isCloseTo(1, within(1e-9));
        // grouping by length makes batches of very different sizes: without the factors a short
        // history's positions would weigh several times a long one's
        assertThat(max / min).isGreaterThan(3);
    }
}
