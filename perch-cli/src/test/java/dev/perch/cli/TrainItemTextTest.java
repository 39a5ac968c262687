package dev.perch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code perch train --item-text}: the ranker learns on the catalog's text. */
class TrainItemTextTest {
    @TempDir Path dir;

    @Test
    @DisplayName(
            "train --item-text encodes the catalog with the sentence encoder and the model records"
                    + " how many items carried text")
    void trainsWithText() throws Exception {
        Path events = TextTrainingData.events(dir.resolve("small.inter"));
        Path items = TextTrainingData.catalogFile(dir.resolve("small.item"));
        Path out = dir.resolve("models");

        CliRun run = TextTrainingData.train(events, out, "--item-text", items.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("item text: 40 items");
        assertThat(TextTrainingData.textItemsOfModelIn(out)).isEqualTo(40.0);
    }

    @Test
    @DisplayName("train with both --item-text and --catalog-text is a usage error (2)")
    void oneSourceOfText() throws Exception {
        Path events = Files.writeString(dir.resolve("e.inter"), "user_id:token\titem_id:token\n");
        Path items = Files.writeString(dir.resolve("i.item"), "item_id:token\n");
        CliRun run =
                TextTrainingData.train(
                        events,
                        dir.resolve("m"),
                        "--item-text",
                        items.toString(),
                        "--catalog-text");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--item-text and --catalog-text");
    }
}
