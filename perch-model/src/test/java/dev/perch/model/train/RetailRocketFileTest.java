package dev.perch.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.files.EventFileFormat;
import dev.perch.model.ModelArtifact;
import dev.perch.model.testing.PlantedClickStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName(
        "Training from a RetailRocket-format file (the real one is not staged: generated here)")
class RetailRocketFileTest {
    @TempDir Path dir;

    @Test
    @DisplayName("the file is read with the replay loader, bad lines counted, and a model trained")
    void trainsFromFile() throws Exception {
        PlantedClickStream stream = PlantedClickStream.generate(21);
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,visitorid,event,itemid,transactionid");
        for (ClickEvent e : stream.events()) {
            lines.add(
                    e.getEventTime().toEpochMilli()
                            + ","
                            + e.getUserId().toString().substring(1)
                            + ","
                            + retailRocketEvent(e.getType())
                            + ","
                            + e.getItemId()
                            + ",");
        }
        lines.add("not,a,valid,line");
        Path file = dir.resolve("events.csv");
        Files.write(file, lines);

        EventFiles.Read read = EventFiles.read(file, EventFileFormat.fromCliName("retailrocket"));
        assertThat(read.events()).hasSize(stream.events().size());
        assertThat(read.rejected()).isEqualTo(1);

        TrainResult result =
                new PerchTrainer("cpu", line -> {})
                        .train(
                                read.events(),
                                TrainSettings.SMALL.withEpochs(2),
                                dir.resolve("models"));
        ModelArtifact artifact = result.artifact();
        assertThat(artifact.itemCount()).isEqualTo(100);
        assertThat(artifact.metrics()).containsKeys("hr@10_model", "hr@10_popularity");
        assertThat(result.embeddingLosses()).hasSize(2);
    }

    private static String retailRocketEvent(EventType type) {
        return switch (type) {
            case ADD_TO_CART -> "addtocart";
            case PURCHASE -> "transaction";
            default -> "view";
        };
    }
}
