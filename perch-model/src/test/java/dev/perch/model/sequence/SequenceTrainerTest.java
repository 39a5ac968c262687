package dev.perch.model.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.perch.model.Djl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the trainer cuts its epochs into batches and weighs their positions. */
class SequenceTrainerTest {

    @Test
    @DisplayName(
            "every predicted position weighs the same over an epoch, though batches are grouped by"
                    + " length (as in the reference's shuffled batches)")
    void positionsWeighTheSame() {
        SequenceSettings settings = SequenceSettings.SMALL.withOptimizer(1e-3, 8);
        Random random = new Random(3);
        List<int[]> training = histories(random);
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

    @Test
    @DisplayName(
            "shuffled batches hold every user once per epoch, in a new order each epoch, mixing"
                    + " short and long histories")
    void shuffledBatchesMixLengths() {
        List<int[]> training = histories(new Random(3));
        Random order = new Random(5);
        List<List<int[]>> first = SequenceTrainer.shuffledBatches(training, 8, order);
        List<List<int[]>> second = SequenceTrainer.shuffledBatches(training, 8, order);

        for (List<List<int[]>> epoch : List.of(first, second)) {
            assertThat(epoch).hasSize(25);
            assertThat(epoch).allSatisfy(b -> assertThat(b).hasSize(8));
            Set<int[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            epoch.forEach(seen::addAll);
            assertThat(seen).hasSize(training.size());
        }
        assertThat(first.get(0)).isNotEqualTo(second.get(0));
        // length-grouped batches span a few lengths each; shuffled ones span most of the range
        double spread = 0;
        for (List<int[]> batch : first) {
            int min = batch.stream().mapToInt(r -> r.length).min().orElseThrow();
            int max = batch.stream().mapToInt(r -> r.length).max().orElseThrow();
            spread += (max - min) / (double) first.size();
        }
        assertThat(spread).isGreaterThan(30);
    }

    /** 200 histories of 2 to 60 items, so that some are longer than the small model's 20. */
    private static List<int[]> histories(Random random) {
        List<int[]> training = new ArrayList<>();
        for (int u = 0; u < 200; u++) {
            int[] row = new int[2 + random.nextInt(59)];
            for (int i = 0; i < row.length; i++) {
                row[i] = 1 + random.nextInt(50);
            }
            training.add(row);
        }
        return training;
    }
}
