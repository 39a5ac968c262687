package dev.perch.eval.method;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.recommend.WeightedSumScorer;
import dev.perch.core.sequence.ItemVectors;
import dev.perch.core.sequence.SequenceModel;
import dev.perch.core.sequence.UserEncoding;
import dev.perch.eval.data.Interaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The evaluator's Perch rows run the sequence model the way the model server does. */
class SequencePipelineTest {
    /** Knows a, b and c (one-hot vectors); always encodes a user as "c comes next". */
    static final class RecordingModel implements SequenceModel {
        final List<List<String>> encoded = new ArrayList<>();
        final ItemVectors items =
                new ItemVectors(
                        "seq-test",
                        List.of("a", "b", "c"),
                        new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1},
                        3);

        @Override
        public String version() {
            return "seq-test";
        }

        @Override
        public int maxLength() {
            return 50;
        }

        @Override
        public List<UserEncoding> encode(List<List<String>> sequences) {
            List<UserEncoding> out = new ArrayList<>();
            for (List<String> sequence : sequences) {
                encoded.add(List.copyOf(sequence));
                out.add(new UserEncoding("seq-test", new float[] {0, 0, 1}));
            }
            return out;
        }

        @Override
        public ItemVectors items() {
            return items;
        }

        @Override
        public void close() {}
    }

    @Test
    @DisplayName(
            "with a sequence model the perch row is reported as perch-seq and the model reads the"
                    + " replayed state's own sequence, oldest first")
    void readsTheReplayedSequence() {
        RecordingModel model = new RecordingModel();
        Method perch =
                Methods.create(
                        "perch",
                        1,
                        WeightedSumScorer.DEFAULT,
                        Map.of(),
                        PerchOptions.DEFAULTS,
                        model);
        Planted.train(perch, Planted.abc(20));
        perch.track(Interaction.click("new", "b", 1_700_000_000_000L));
        perch.track(Interaction.click("new", "a", 1_700_000_001_000L));

        perch.recommend(Query.of("new", List.of("b", "a")), 3);

        assertThat(perch.name()).isEqualTo("perch-seq");
        assertThat(model.encoded).last().isEqualTo(List.of("b", "a"));
    }

    @Test
    @DisplayName("without a sequence model nothing is encoded and the row keeps its name")
    void withoutModel() {
        Method perch =
                Methods.create(
                        "perch",
                        1,
                        WeightedSumScorer.DEFAULT,
                        Map.of(),
                        PerchOptions.DEFAULTS,
                        null);
        assertThat(perch.name()).isEqualTo("perch");
    }

    @Test
    @DisplayName(
            "sasrec ranks the allowed items by the sequence model's score alone, reading the"
                    + " newest maxLength items of the history")
    void sequenceModelAlone() {
        RecordingModel model = new RecordingModel();
        Method sasrec =
                Methods.create(
                        "sasrec",
                        1,
                        WeightedSumScorer.DEFAULT,
                        Map.of(),
                        PerchOptions.DEFAULTS,
                        model);
        List<String> history = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            history.add(i % 2 == 0 ? "a" : "b");
        }

        List<String> list = sasrec.recommend(new Query("u", history, item -> !item.equals("b")), 3);

        assertThat(sasrec.name()).isEqualTo("sasrec");
        assertThat(list).containsExactly("c", "a"); // c scores 1, a 0; b is not allowed
        assertThat(model.encoded).last().isEqualTo(history.subList(10, 60));
    }

    @Test
    @DisplayName("sasrec without a trained sequence model is refused with the option to pass")
    void sequenceModelAloneNeedsAModel() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                Methods.create(
                                        "sasrec",
                                        1,
                                        WeightedSumScorer.DEFAULT,
                                        Map.of(),
                                        PerchOptions.DEFAULTS,
                                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--model sequence");
    }
}
