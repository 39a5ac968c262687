package dev.perch.model.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.perch.core.recommend.ScoredId;
import dev.perch.core.sequence.EmbeddingVersionMismatchException;
import dev.perch.core.sequence.SequenceScores;
import dev.perch.core.sequence.UserEncoding;
import dev.perch.model.GarbageCollections;
import dev.perch.model.InvalidArtifactException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SASRec+ sequence model on a planted stream: users walk a ring of 40 items (the next item is
 * the successor with probability 0.9), so a model that learnt the order predicts the successor.
 */
class SequenceModelTest {
    private static final int ITEMS = 40;

    @TempDir static Path dir;

    private static List<List<String>> sequences;
    private static SequenceArtifact trained;

    /** 300 users, 12 to 30 steps each, on the ring i -> i + 1 with 10% random jumps. */
    static List<List<String>> plantedWalks(long seed) {
        Random random = new Random(seed);
        List<List<String>> walks = new ArrayList<>();
        for (int u = 0; u < 300; u++) {
            int length = 12 + random.nextInt(19);
            int item = random.nextInt(ITEMS);
            List<String> walk = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                walk.add("item" + item);
                item = random.nextDouble() < 0.9 ? (item + 1) % ITEMS : random.nextInt(ITEMS);
            }
            walks.add(walk);
        }
        return walks;
    }

    @BeforeAll
    static void train() throws IOException {
        sequences = plantedWalks(1);
        trained =
                SequenceTraining.train(
                        sequences, SequenceSettings.SMALL, dir.resolve("a"), "cpu", line -> {});
    }

    @Test
    @DisplayName("training learns the planted order: validation HR@10 far above chance")
    void learnsPlantedOrder() {
        // chance: 10 of the ~25 unseen items; the planted successor is right 90% of the time
        assertThat(trained.meta().metrics().get("validation_hr@10")).isGreaterThan(0.8);
        assertThat(trained.meta().metrics().get("loss_last"))
                .isLessThan(trained.meta().metrics().get("loss_first"));
    }

    @Test
    @DisplayName("the loaded model encodes a walk and retrieves the successor of its newest item")
    void servesTheSuccessor() throws InvalidArtifactException {
        try (DjlSequenceModel model =
                DjlSequenceModel.load(SequenceArtifact.load(trained.directory()), "cpu")) {
            List<UserEncoding> encodings =
                    model.encode(
                            List.of(
                                    List.of("item5", "item6", "item7"),
                                    List.of("unknown"),
                                    List.of("item30", "unknown", "item31")));
            assertThat(encodings.get(1)).isEqualTo(UserEncoding.EMPTY);
            assertThat(model.items().nearest(encodings.get(0), 1, id -> true))
                    .extracting(ScoredId::itemId)
                    .containsExactly("item8");
            assertThat(model.items().nearest(encodings.get(2), 1, id -> true))
                    .extracting(ScoredId::itemId)
                    .containsExactly("item32");
            assertThat(encodings.get(0).version()).isEqualTo(trained.version());
        }
    }

    @Test
    @DisplayName(
            "the same data and seed give the same parameters and version, byte for byte, even"
                    + " when the garbage collector runs during training")
    void deterministicForASeed() throws Exception {
        SequenceArtifact again;
        try (GarbageCollections pressure = GarbageCollections.start()) {
            again =
                    SequenceTraining.train(
                            sequences, SequenceSettings.SMALL, dir.resolve("b"), "cpu", line -> {});
        }

        assertThat(again.version()).isEqualTo(trained.version());
        assertThat(Files.readAllBytes(again.directory().resolve(SequenceArtifact.PARAMS_FILE)))
                .isEqualTo(
                        Files.readAllBytes(
                                trained.directory().resolve(SequenceArtifact.PARAMS_FILE)));
    }

    @Test
    @DisplayName(
            "shuffled batches (the reference code's) learn the planted order too, and give the same"
                    + " bytes for a seed")
    void shuffledBatchesLearnAndRepeat() throws Exception {
        SequenceSettings shuffled =
                SequenceSettings.SMALL.withBatching(SequenceSettings.Batching.SHUFFLED);
        SequenceArtifact first =
                SequenceTraining.train(sequences, shuffled, dir.resolve("s1"), "cpu", line -> {});
        SequenceArtifact second =
                SequenceTraining.train(sequences, shuffled, dir.resolve("s2"), "cpu", line -> {});

        assertThat(first.meta().metrics().get("validation_hr@10")).isGreaterThan(0.8);
        assertThat(second.version()).isEqualTo(first.version());
        assertThat(first.version()).isNotEqualTo(trained.version());
    }

    @Test
    @DisplayName("a user encoding of one model version never meets the item vectors of another")
    void versionsNeverMix() throws Exception {
        SequenceArtifact other =
                SequenceTraining.train(
                        sequences,
                        SequenceSettings.SMALL.withSeed(99).withBudget(2, 0),
                        dir.resolve("c"),
                        "cpu",
                        line -> {});
        assertThat(other.version()).isNotEqualTo(trained.version());
        try (DjlSequenceModel a = DjlSequenceModel.load(trained, "cpu");
                DjlSequenceModel b = DjlSequenceModel.load(other, "cpu")) {
            UserEncoding fromA = a.encode(List.of(List.of("item1", "item2"))).get(0);

            assertThatThrownBy(() -> b.items().nearest(fromA, 5, id -> true))
                    .isInstanceOf(EmbeddingVersionMismatchException.class);
            assertThatThrownBy(() -> b.items().score(fromA, "item3"))
                    .isInstanceOf(EmbeddingVersionMismatchException.class);
        }
    }

    @Test
    @DisplayName("altered parameters are refused when the artifact loads")
    void tamperedParametersRefused() throws IOException {
        Path copy = dir.resolve("tampered");
        Files.createDirectories(copy);
        for (String file : List.of(SequenceArtifact.META_FILE, SequenceArtifact.PARAMS_FILE)) {
            Files.copy(trained.directory().resolve(file), copy.resolve(file));
        }
        byte[] params = Files.readAllBytes(copy.resolve(SequenceArtifact.PARAMS_FILE));
        params[params.length - 1] ^= 1;
        Files.write(copy.resolve(SequenceArtifact.PARAMS_FILE), params);

        assertThatThrownBy(() -> SequenceArtifact.load(copy))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    @DisplayName(
            "the batch's scores from one product on the engine give the item vectors' own exact"
                    + " top-K: same items, same order, scores within float rounding, each user's"
                    + " blocked rows left out; a candidate's score is the selection's float")
    void scoresByTheEngineMatchTheExactScan() throws InvalidArtifactException {
        try (DjlSequenceModel model = DjlSequenceModel.load(trained, "cpu")) {
            List<UserEncoding> users = new ArrayList<>();
            List<java.util.function.Predicate<String>> allowed = new ArrayList<>();
            List<java.util.BitSet> blocked = new ArrayList<>();
            for (int u = 0; u < 7; u++) {
                List<String> walk = sequences.get(u);
                users.add(u == 2 ? UserEncoding.EMPTY : model.encode(List.of(walk)).get(0));
                java.util.Set<String> seen = java.util.Set.copyOf(walk);
                allowed.add(item -> !seen.contains(item));
                blocked.add(model.items().rowsOf(seen));
            }

            SequenceScores scores = model.scoreAll(users);
            List<List<ScoredId>> byEngine = new ArrayList<>();
            for (int u = 0; u < 7; u++) {
                byEngine.add(scores.top(u, 10, blocked.get(u)));
            }
            List<List<ScoredId>> exact = new ArrayList<>();
            for (int u = 0; u < 7; u++) {
                exact.add(model.items().nearest(users.get(u), 10, allowed.get(u)));
            }

            assertThat(byEngine).hasSize(7);
            assertThat(byEngine.get(2)).isEmpty();
            for (int u = 0; u < 7; u++) {
                assertThat(byEngine.get(u))
                        .extracting(ScoredId::itemId)
                        .as("user %d", u)
                        .containsExactlyElementsOf(
                                exact.get(u).stream().map(ScoredId::itemId).toList());
                for (int i = 0; i < byEngine.get(u).size(); i++) {
                    assertThat(byEngine.get(u).get(i).score())
                            .isCloseTo(exact.get(u).get(i).score(), within(1e-4));
                }
                assertThat(byEngine.get(u))
                        .extracting(ScoredId::itemId)
                        .doesNotContainAnyElementsOf(sequences.get(u));
                // every item's score is the same float the selection read
                for (ScoredId found : byEngine.get(u)) {
                    assertThat(scores.score(u, found.itemId())).isEqualTo(found.score());
                }
            }
            assertThat(scores.scored(2)).isFalse();
            assertThat(scores.score(2, sequences.get(0).get(0))).isNaN();
            assertThat(scores.score(0, "no-such-item")).isNaN();
            if (!byEngine.get(0).isEmpty()) {
                assertThat(byEngine.get(0)).hasSize(10);
            }
            UserEncoding stale = new UserEncoding("other", new float[users.get(0).vector().length]);
            assertThatThrownBy(() -> model.scoreAll(List.of(stale)))
                    .isInstanceOf(EmbeddingVersionMismatchException.class);
        }
    }

    @Test
    @DisplayName(
            "a batch of many short sessions and one long history, encoded in more than one call,"
                    + " gives every row its own encoding in its own place")
    void mixedLengthsEncodeAsAlone() throws InvalidArtifactException {
        List<List<String>> batch = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            // two-item sessions, each its own; one long history in the middle of the batch
            batch.add(List.of("item" + u % ITEMS, "item" + (u * 7 + 3) % ITEMS));
            if (u == 17) {
                List<String> longWalk = new ArrayList<>();
                for (int i = 0; i < 18; i++) {
                    longWalk.add("item" + (20 + i) % ITEMS);
                }
                batch.add(longWalk);
            }
        }
        batch.add(List.of("not-an-item")); // unknown: no encoding, in its own place
        // the cut the encoder makes: the long history alone
        int[] lengths = new int[41];
        Arrays.fill(lengths, 0, 40, 2);
        lengths[40] = 18;
        assertThat(SequenceBatch.groupEnds(lengths, SequenceBatch.CALL_POSITIONS))
                .containsExactly(40, 41);
        try (DjlSequenceModel model = DjlSequenceModel.load(trained, "cpu")) {
            List<UserEncoding> together = model.encode(batch);
            assertThat(together).hasSize(batch.size());
            for (int u = 0; u < batch.size() - 1; u++) {
                float[] alone = model.encode(List.of(batch.get(u))).get(0).vector();
                assertThat(together.get(u).vector())
                        .as("row %d", u)
                        .containsExactly(alone, within(1e-5f));
            }
            assertThat(together.get(batch.size() - 1).isEmpty()).isTrue();
        }
    }

    @Test
    @DisplayName(
            "a history encodes the same alone and beside a longer one: the padding of a batch"
                    + " never reaches a row's items or positions")
    void encodingIndependentOfTheBatch() throws InvalidArtifactException {
        List<String> shortWalk = List.of("item5", "item6", "item7");
        List<String> longWalk = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            longWalk.add("item" + (20 + i) % ITEMS);
        }
        try (DjlSequenceModel model = DjlSequenceModel.load(trained, "cpu")) {
            float[] alone = model.encode(List.of(shortWalk)).get(0).vector();
            List<UserEncoding> together = model.encode(List.of(longWalk, shortWalk));
            float[] longAlone = model.encode(List.of(longWalk)).get(0).vector();

            assertThat(together.get(1).vector()).containsExactly(alone, within(1e-5f));
            assertThat(together.get(0).vector()).containsExactly(longAlone, within(1e-5f));
        }
    }

    @Test
    @DisplayName(
            "a sequence model of an older layout (format 1, the same parameter names and shapes)"
                    + " is refused when it loads, not read in this build's layout")
    void olderFormatRefused() throws IOException {
        Path copy = dir.resolve("format-1");
        Files.createDirectories(copy);
        for (String file : List.of(SequenceArtifact.META_FILE, SequenceArtifact.PARAMS_FILE)) {
            Files.copy(trained.directory().resolve(file), copy.resolve(file));
        }
        Path meta = copy.resolve(SequenceArtifact.META_FILE);
        String json = Files.readString(meta);
        assertThat(json).contains("\"format\" : " + SequenceArtifact.FORMAT);
        Files.writeString(
                meta, json.replace("\"format\" : " + SequenceArtifact.FORMAT, "\"format\" : 1"));

        assertThatThrownBy(() -> SequenceArtifact.load(copy))
                .isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("format " + SequenceArtifact.FORMAT);
    }
}
