package dev.perch.model.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.perch.model.Djl;
import dev.perch.model.train.SeededInitializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The serving encoder ({@link SasRecBlock#newest}, which leaves out the padding masks and runs the
 * last block on the newest positions only) against the forward pass that training runs, on random
 * parameters: the same scores at every row's newest item.
 */
class SasRecBlockTest {
    private static final int ITEMS = 30;
    private static final int MAX_LENGTH = 8;

    @ParameterizedTest(name = "{0} blocks, {1} heads")
    @CsvSource({"1, 1", "2, 2", "3, 4"})
    @DisplayName(
            "encoding each row at its newest item gives the scores of the training forward at that"
                    + " position, for rows shorter than, as long as and longer than the window")
    void newestMatchesTheTrainingForward(int blocks, int heads) {
        SequenceShape shape = new SequenceShape(ITEMS, 16, blocks, heads, MAX_LENGTH, 0.2);
        Random random = new Random(blocks * 31L + heads);
        // each row's last item is the training label; the encoder sees the items before it
        List<int[]> withNext = new ArrayList<>();
        for (int length : new int[] {2, 3, 5, MAX_LENGTH + 1, MAX_LENGTH + 4, 4}) {
            int[] row = new int[length];
            for (int i = 0; i < length; i++) {
                row[i] = 1 + random.nextInt(ITEMS);
            }
            withNext.add(row);
        }
        List<int[]> histories = new ArrayList<>();
        withNext.forEach(row -> histories.add(Arrays.copyOf(row, row.length - 1)));

        Djl.offline();
        try (NDManager manager = NDManager.newBaseManager(Djl.device("cpu"), Djl.ENGINE)) {
            SasRecBlock block = new SasRecBlock(shape);
            block.setInitializer(SeededInitializer.normal(11, 0.5), Parameter.Type.WEIGHT);
            block.setInitializer(SeededInitializer.normal(12, 0.3), Parameter.Type.BIAS);
            block.setInitializer(SeededInitializer.normal(13, 0.3), Parameter.Type.GAMMA);
            block.setInitializer(SeededInitializer.normal(14, 0.3), Parameter.Type.BETA);
            NDList training = SequenceBatch.forTraining(manager, withNext, MAX_LENGTH);
            NDList inputs = new NDList(training.subList(0, training.size() - 1));
            block.initialize(manager, DataType.FLOAT32, inputs.getShapes());
            ParameterStore store = new ParameterStore(manager, false);

            float[] all = block.forward(store, inputs, false).head().toFloatArray();
            float[] newest =
                    block.logits(
                                    store,
                                    block.newest(
                                            store,
                                            SequenceBatch.forNewest(
                                                    manager, histories, MAX_LENGTH)),
                                    false)
                            .toFloatArray();

            int selected = 0;
            for (int r = 0; r < withNext.size(); r++) {
                // the training forward selects every position of the row in order: its newest last
                selected += SequenceBatch.positions(withNext.get(r), MAX_LENGTH);
                float[] expected =
                        Arrays.copyOfRange(all, (selected - 1) * ITEMS, selected * ITEMS);
                float[] actual = Arrays.copyOfRange(newest, r * ITEMS, (r + 1) * ITEMS);
                assertThat(actual).as("row %d", r).containsExactly(expected, within(1e-4f));
            }
            assertThat(selected * ITEMS).isEqualTo(all.length);
        }
    }
}
