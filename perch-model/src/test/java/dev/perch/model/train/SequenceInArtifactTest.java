package dev.perch.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.model.InvalidArtifactException;
import dev.perch.model.ModelArtifact;
import dev.perch.model.sequence.DjlSequenceModel;
import dev.perch.model.sequence.SequenceArtifact;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.testing.PlantedClickStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName(
        "Training with a sequence model: one artifact carries the ranker and its sequence model")
class SequenceInArtifactTest {
    @TempDir static Path out;
    static TrainResult result;

    @BeforeAll
    static void train() throws Exception {
        PlantedClickStream stream = PlantedClickStream.generate(11);
        result =
                new PerchTrainer("cpu", line -> System.out.println(line))
                        .train(
                                stream.events(),
                                stream.items(),
                                TrainSettings.SMALL,
                                SequenceSettings.SMALL,
                                out);
    }

    @Test
    @DisplayName(
            "the sequence model's files are in the artifact, under its checksums, and load back"
                    + " as a model that encodes")
    void sequenceFilesInArtifact() throws Exception {
        ModelArtifact artifact = ModelArtifact.load(result.artifact().directory());
        assertThat(artifact.manifest().sha256())
                .containsKeys(SequenceArtifact.FILES.toArray(String[]::new));
        SequenceArtifact sequence = artifact.sequence().orElseThrow();
        try (DjlSequenceModel model = DjlSequenceModel.load(sequence, "cpu")) {
            String item = model.items().id(0);
            assertThat(model.encode(List.of(List.of(item))).get(0).version())
                    .isEqualTo(model.version());
        }
        assertThat(artifact.metrics())
                .containsKeys("sequence_items", "sequence_train_events", "hr@10_model");
        assertThat(artifact.metrics().get("sequence_train_events"))
                .isLessThan(artifact.metrics().get("train_events"));
    }

    @Test
    @DisplayName("a damaged sequence model refuses the whole artifact")
    void damagedSequenceRefused() throws Exception {
        Path copy = out.resolve("damaged");
        Files.createDirectories(copy);
        try (var files = Files.list(result.artifact().directory())) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        byte[] params = Files.readAllBytes(copy.resolve(SequenceArtifact.PARAMS_FILE));
        params[params.length / 2] ^= 0x5a;
        Files.write(copy.resolve(SequenceArtifact.PARAMS_FILE), params);

        assertThatThrownBy(() -> ModelArtifact.load(copy))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining(SequenceArtifact.PARAMS_FILE);
    }

    @Test
    @DisplayName("the same seed and data give the same version; without a sequence model another")
    void versionNamesTheSequenceModel() {
        PlantedClickStream stream = PlantedClickStream.generate(11);
        List<dev.perch.events.ClickEvent> sorted =
                stream.events().stream()
                        .sorted(java.util.Comparator.comparing(e -> e.getEventTime()))
                        .toList();
        assertThat(PerchTrainer.versionOf(sorted, TrainSettings.SMALL, SequenceSettings.SMALL))
                .isNotEqualTo(PerchTrainer.versionOf(sorted, TrainSettings.SMALL));
    }

    @Test
    @DisplayName("each user's sequence is every event with an item, in event-time order")
    void sequencesFollowTheStatesRule() {
        PlantedClickStream stream = PlantedClickStream.generate(11);
        List<dev.perch.events.ClickEvent> sorted =
                stream.events().stream()
                        .sorted(java.util.Comparator.comparing(e -> e.getEventTime()))
                        .toList();
        List<List<String>> sequences = PerchTrainer.sequencesOf(sorted);
        long withItem = sorted.stream().filter(e -> e.getItemId() != null).count();
        assertThat(sequences.stream().mapToLong(List::size).sum()).isEqualTo(withItem);
        dev.perch.events.ClickEvent first =
                sorted.stream().filter(e -> e.getItemId() != null).findFirst().orElseThrow();
        assertThat(sequences.get(0).get(0)).isEqualTo(first.getItemId().toString());
    }
}
