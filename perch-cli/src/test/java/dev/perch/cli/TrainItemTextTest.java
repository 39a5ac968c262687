package dev.perch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code perch train --item-text}: the ranker learns on the catalog's text. */
class TrainItemTextTest {
    private static final String[] GENRES = {"Comedy", "Horror", "Western", "Musical"};

    @TempDir Path dir;

    @Test
    @DisplayName(
            "train --item-text encodes the catalog with the sentence encoder and the model records"
                    + " how many items carried text")
    void trainsWithText() throws Exception {
        Path events = dir.resolve("small.inter");
        Path items = dir.resolve("small.item");
        StringBuilder catalog =
                new StringBuilder(
                        "item_id:token\tmovie_title:token_seq\trelease_year:token"
                                + "\tclass:token_seq\n");
        for (int i = 0; i < 40; i++) {
            String genre = GENRES[i % GENRES.length];
            catalog.append(i).append('\t').append(genre).append(" story ").append(i);
            catalog.append("\t1999\t").append(genre).append('\n');
        }
        Files.writeString(items, catalog);
        // each user stays in one genre: the text is informative
        StringBuilder clicks =
                new StringBuilder("user_id:token\titem_id:token\trating:float\ttimestamp:float\n");
        Random random = new Random(3);
        long time = 880_000_000;
        for (int u = 0; u < 60; u++) {
            for (int k = 0; k < 25; k++) {
                int item = random.nextInt(10) * GENRES.length + u % GENRES.length;
                clicks.append(u).append('\t').append(item).append("\t4\t").append(time++);
                clicks.append('\n');
            }
        }
        Files.writeString(events, clicks);
        Path out = dir.resolve("models");

        CliRun run =
                CliRun.of(
                        "train",
                        "--format",
                        "movielens-100k",
                        "--events",
                        events.toString(),
                        "--item-text",
                        items.toString(),
                        "--epochs",
                        "1",
                        "--dimension",
                        "8",
                        "--no-progress",
                        "--out",
                        out.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("item text: 40 items");
        Path artifact;
        try (Stream<Path> list = Files.list(out)) {
            artifact = list.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        JsonNode metrics = new ObjectMapper().readTree(artifact.resolve("metrics.json").toFile());
        assertThat(metrics.path("text_items").asDouble()).isEqualTo(40.0);
    }

    @Test
    @DisplayName("train with both --item-text and --catalog-text is a usage error (2)")
    void oneSourceOfText() throws Exception {
        Path events = Files.writeString(dir.resolve("e.inter"), "user_id:token\titem_id:token\n");
        Path items = Files.writeString(dir.resolve("i.item"), "item_id:token\n");
        CliRun run =
                CliRun.of(
                        "train",
                        "--format",
                        "movielens-100k",
                        "--events",
                        events.toString(),
                        "--item-text",
                        items.toString(),
                        "--catalog-text",
                        "--out",
                        dir.resolve("m").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--item-text and --catalog-text");
    }
}
