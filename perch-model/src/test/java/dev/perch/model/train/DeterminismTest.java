package dev.perch.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.model.GarbageCollections;
import dev.perch.model.ModelArtifact;
import dev.perch.model.testing.PlantedClickStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Training with a seed")
class DeterminismTest {
    @TempDir Path first;
    @TempDir Path second;
    @TempDir Path third;

    @Test
    @DisplayName(
            "the same events and seed give the same version and bytes, even when the garbage"
                    + " collector runs during training")
    void sameSeedSameBytes() throws Exception {
        PlantedClickStream stream = PlantedClickStream.generate(5);
        TrainSettings settings = TrainSettings.SMALL.withEpochs(2);
        ModelArtifact a = train(stream, settings, first);
        ModelArtifact b;
        try (GarbageCollections pressure = GarbageCollections.start()) {
            b = train(stream, settings, second);
        }
        ModelArtifact c = train(stream, settings.withSeed(8), third);
        assertThat(a.version()).isEqualTo(b.version());
        assertThat(Files.mismatch(a.embeddingsFile(), b.embeddingsFile())).isEqualTo(-1L);
        assertThat(Files.mismatch(a.rankerFile(), b.rankerFile())).isEqualTo(-1L);
        assertThat(c.version()).isNotEqualTo(a.version());
        assertThat(a.readEmbeddings().get("c0-i0")).isNotEqualTo(c.readEmbeddings().get("c0-i0"));
    }

    private static ModelArtifact train(PlantedClickStream stream, TrainSettings s, Path out)
            throws Exception {
        return new PerchTrainer("cpu", line -> {})
                .train(stream.events(), stream.items(), s, out)
                .artifact();
    }
}
