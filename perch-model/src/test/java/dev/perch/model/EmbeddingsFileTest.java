package dev.perch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.featurestore.ItemVector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingsFileTest {
    @TempDir Path tmp;

    @Test
    @DisplayName("what is written is read back, header and records, in order")
    void roundTrip() throws IOException {
        List<ItemVector> vectors = vectors(1, 20, 5);
        vectors.add(new ItemVector("ünïcode-id", new float[] {1f, -2f, 3.5f, 0f, Float.MIN_VALUE}));
        Path file = tmp.resolve("e.bin");
        EmbeddingsFile.write(file, "v7", 5, vectors.size(), vectors);

        List<ItemVector> read = new ArrayList<>();
        try (EmbeddingsFile.Reader reader = EmbeddingsFile.open(file)) {
            assertThat(reader.header()).isEqualTo(new EmbeddingsFile.Header("v7", 5, 21));
            reader.forEachRemaining(read::add);
        }
        assertThat(read).hasSize(21);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).itemId()).isEqualTo(vectors.get(i).itemId());
            assertThat(read.get(i).vector()).containsExactly(vectors.get(i).vector());
        }
        assertThat(Files.size(file))
                .isEqualTo(8 + 4 + 4 + 8 + 2 + 2 + 20L * (2 + 10 + 20) + (2 + 12 + 20));
    }

    @Test
    @DisplayName("a file that is not an embeddings file is refused by its magic")
    void badMagicIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("x.bin"), "hello, this is not it");
        assertThatThrownBy(() -> EmbeddingsFile.open(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a Perch embeddings file");
    }

    @Test
    @DisplayName("a truncated file fails on the missing record, naming it")
    void truncatedFileFails() throws IOException {
        Path file = tmp.resolve("t.bin");
        EmbeddingsFile.write(file, "v", 4, 3, vectors(2, 3, 4));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));

        try (EmbeddingsFile.Reader reader = EmbeddingsFile.open(file)) {
            reader.next();
            reader.next();
            assertThatThrownBy(reader::next)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("truncated: record 3 of 3");
        }
    }

    /** {@code count} random vectors with ids "item-00000", "item-00001", ... */
    private static List<ItemVector> vectors(long seed, int count, int dimension) {
        Random random = new Random(seed);
        List<ItemVector> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] v = new float[dimension];
            for (int j = 0; j < dimension; j++) {
                v[j] = (float) random.nextGaussian();
            }
            out.add(new ItemVector(String.format("item-%05d", i), v));
        }
        return out;
    }
}
