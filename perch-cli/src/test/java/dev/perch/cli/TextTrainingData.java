package dev.perch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perch.events.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A small MovieLens-100K-format stream whose users each stay in one genre, and its 40-item catalog
 * (as an {@code ml-100k.item} file or as catalog records): training data on which the text says
 * something.
 */
final class TextTrainingData {
    private static final String[] GENRES = {"Comedy", "Horror", "Western", "Musical"};
    static final int ITEMS = 40;

    private TextTrainingData() {}

    /** Writes 60 users x 25 ratings, each user within one genre, to {@code file}. */
    static Path events(Path file) throws IOException {
        StringBuilder clicks =
                new StringBuilder("user_id:token\titem_id:token\trating:float\ttimestamp:float\n");
        Random random = new Random(3);
        long time = 880_000_000;
        for (int u = 0; u < 60; u++) {
            for (int k = 0; k < 25; k++) {
                int item =
                        random.nextInt(ITEMS / GENRES.length) * GENRES.length + u % GENRES.length;
                clicks.append(u).append('\t').append(item).append("\t4\t").append(time++);
                clicks.append('\n');
            }
        }
        return Files.writeString(file, clicks);
    }

    /** The catalog as an {@code ml-100k.item} file. */
    static Path catalogFile(Path file) throws IOException {
        StringBuilder catalog =
                new StringBuilder(
                        "item_id:token\tmovie_title:token_seq\trelease_year:token"
                                + "\tclass:token_seq\n");
        for (int i = 0; i < ITEMS; i++) {
            catalog.append(i).append('\t').append(title(i));
            catalog.append("\t1999\t").append(genre(i)).append('\n');
        }
        return Files.writeString(file, catalog);
    }

    /** The catalog as the records of the items topic. */
    static List<Item> catalogItems() {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(
                    Item.newBuilder()
                            .setItemId(Integer.toString(i))
                            .setTitle(title(i))
                            .setCategoryPath(List.of(genre(i)))
                            .setAttributes(Map.of())
                            .setAvailable(true)
                            .build());
        }
        return items;
    }

    /**
     * Runs {@code perch train} on {@code events} (MovieLens-100K format, one small epoch of
     * 8-dimensional embeddings) into {@code out}, with the given text options.
     */
    static CliRun train(Path events, Path out, String... textOptions) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "train",
                                "--format",
                                "movielens-100k",
                                "--events",
                                events.toString(),
                                "--epochs",
                                "1",
                                "--dimension",
                                "8",
                                "--no-progress",
                                "--out",
                                out.toString()));
        args.addAll(List.of(textOptions));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** The {@code text_items} metric of the one artifact written under {@code models}. */
    static double textItemsOfModelIn(Path models) throws IOException {
        Path artifact;
        try (Stream<Path> list = Files.list(models)) {
            artifact = list.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        return new ObjectMapper()
                .readTree(artifact.resolve("metrics.json").toFile())
                .path("text_items")
                .asDouble();
    }

    private static String genre(int item) {
        return GENRES[item % GENRES.length];
    }

    private static String title(int item) {
        return genre(item) + " story " + item;
    }
}
