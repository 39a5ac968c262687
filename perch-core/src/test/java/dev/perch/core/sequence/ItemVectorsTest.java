package dev.perch.core.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.core.recommend.ScoredId;
import dev.perch.events.ItemIds;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Exact scoring and retrieval of a sequence model's item vectors, guarded by the version. */
class ItemVectorsTest {
    private final ItemVectors items =
            new ItemVectors(
                    "v1", List.of("a", "b", "c", "d"), new float[] {1, 0, 0, 1, 2, 0, -1, 0}, 2);

    @Test
    @DisplayName(
            "the rows hold the canonical id objects, so a look-up by the feature store's"
                    + " canonical ids stops at the identity check")
    void holdsCanonicalIds() {
        String id = "item-" + System.nanoTime(); // a new string, not canonical yet
        String canonical = ItemIds.canonical(new String(id)); // another object becomes canonical
        ItemVectors vectors = new ItemVectors("v1", List.of(id), new float[] {1, 0}, 2);

        assertThat(vectors.id(0)).isSameAs(canonical).isNotSameAs(id);
        assertThat(vectors.row(canonical)).isZero();
    }

    @Test
    @DisplayName("nearest returns the k highest inner products among allowed items, best first")
    void nearestIsExactTopK() {
        UserEncoding user = new UserEncoding("v1", new float[] {1, 0.1f});

        assertThat(items.nearest(user, 2, id -> true))
                .extracting(ScoredId::itemId)
                .containsExactly("c", "a");
        assertThat(items.nearest(user, 2, id -> !id.equals("c")))
                .extracting(ScoredId::itemId)
                .containsExactly("a", "b");
        assertThat(items.nearest(user, 10, id -> true)).hasSize(4);
        assertThat(items.score(user, "b"))
                .isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(items.score(user, "unknown")).isZero();
    }

    /** The reference selection: the ids of the k best unblocked rows, ties by row. */
    private static List<String> bestUnblocked(
            List<String> ids, float[] scores, java.util.BitSet blocked, int k) {
        return java.util.stream.IntStream.range(0, scores.length)
                .filter(row -> !blocked.get(row))
                .boxed()
                .sorted(
                        java.util.Comparator.<Integer>comparingDouble(row -> -scores[row])
                                .thenComparingInt(row -> row))
                .limit(k)
                .map(ids::get)
                .toList();
    }

    @Test
    @DisplayName(
            "the selection keeps the k best unblocked rows, best first, equal scores in row order"
                    + " (the earlier row first, and kept when the tie is at the cut)")
    void selectionBreaksTiesByRow() {
        java.util.Random random = new java.util.Random(3);
        int n = 500;
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("i" + i);
        }
        ItemVectors many = new ItemVectors("v1", ids, new float[n], 1);
        for (int trial = 0; trial < 50; trial++) {
            float[] scores = new float[n];
            java.util.BitSet blocked = new java.util.BitSet();
            for (int row = 0; row < n; row++) {
                scores[row] = random.nextInt(12); // many ties
                if (random.nextInt(5) == 0) {
                    blocked.set(row);
                }
            }
            int k = 1 + random.nextInt(120);
            assertThat(many.top(scores, 0, k, blocked))
                    .extracting(ScoredId::itemId)
                    .containsExactlyElementsOf(bestUnblocked(ids, scores, blocked, k));
        }
    }

    @Test
    @DisplayName(
            "over thousands of rows, where the selection offers only rows at a sampled floor, the"
                    + " list is still the full scan's: with ties, and with the best rows blocked"
                    + " (fewer than k reach the floor, so it scans again)")
    void selectionFromASampledFloorIsExact() {
        java.util.Random random = new java.util.Random(8);
        int n = 5_000;
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("i" + i);
        }
        ItemVectors many = new ItemVectors("v1", ids, new float[n], 1);
        for (int trial = 0; trial < 12; trial++) {
            float[] scores = new float[n];
            for (int row = 0; row < n; row++) {
                scores[row] = trial % 2 == 0 ? random.nextInt(40) : (float) random.nextGaussian();
            }
            java.util.BitSet blocked = new java.util.BitSet();
            if (trial % 3 == 0) {
                // the 600 best rows blocked
                java.util.stream.IntStream.range(0, n)
                        .boxed()
                        .sorted(java.util.Comparator.comparingDouble(row -> -scores[row]))
                        .limit(600)
                        .forEach(blocked::set);
            }
            for (int k : new int[] {100, 200}) {
                assertThat(many.top(scores, 0, k, blocked))
                        .extracting(ScoredId::itemId)
                        .as("trial %d, k %d", trial, k)
                        .containsExactlyElementsOf(bestUnblocked(ids, scores, blocked, k));
            }
        }
    }

    @Test
    @DisplayName(
            "scoreAll holds every item's score for each user with an encoding (the exact inner"
                    + " product in float), none for a user without; its selection leaves out the"
                    + " blocked rows")
    void scoreAllHoldsEveryScore() {
        UserEncoding user = new UserEncoding("v1", new float[] {1, 0.1f});
        SequenceScores scores = items.scoreAll(List.of(user, UserEncoding.EMPTY));

        assertThat(scores.users()).isEqualTo(2);
        for (String id : List.of("a", "b", "c", "d")) {
            assertThat(scores.score(0, id)).isEqualTo((float) items.score(user, id));
            assertThat(scores.score(1, id)).isNaN();
        }
        assertThat(scores.score(0, "unknown")).isNaN();
        assertThat(scores.scored(1)).isFalse();
        assertThat(scores.top(0, 2, items.rowsOf(List.of("c", "unknown"))))
                .extracting(ScoredId::itemId)
                .containsExactly("a", "b");
        assertThat(scores.top(1, 2, new java.util.BitSet())).isEmpty();
        assertThatThrownBy(
                        () -> items.scoreAll(List.of(new UserEncoding("v0", new float[] {1, 0}))))
                .isInstanceOf(EmbeddingVersionMismatchException.class);
    }

    @Test
    @DisplayName(
            "scoreAll's selection gives every user exactly its nearest list, with its own blocked"
                    + " rows, in blocks short or full, each score nearest's rounded to float")
    void scoreAllSelectsAsNearestOfEachUser() {
        java.util.Random random = new java.util.Random(3);
        int n = 500;
        int d = 8;
        List<String> ids = new java.util.ArrayList<>();
        float[] matrix = new float[n * d];
        for (int i = 0; i < n; i++) {
            ids.add("item-" + i);
            for (int j = 0; j < d; j++) {
                // few distinct values: many equal scores, so ties must resolve as nearest does
                matrix[i * d + j] = random.nextInt(3) - 1;
            }
        }
        ItemVectors many = new ItemVectors("v1", ids, matrix, d);
        for (int count : new int[] {0, 1, 3, 4, 6, 9}) {
            List<UserEncoding> users = new java.util.ArrayList<>();
            List<java.util.function.Predicate<String>> allowed = new java.util.ArrayList<>();
            for (int u = 0; u < count; u++) {
                float[] vector = new float[d];
                for (int j = 0; j < d; j++) {
                    vector[j] = (float) random.nextGaussian();
                }
                users.add(u == 1 ? UserEncoding.EMPTY : new UserEncoding("v1", vector));
                int modulus = u + 2;
                allowed.add(id -> Integer.parseInt(id.substring(5)) % modulus != 0);
            }
            SequenceScores scores = many.scoreAll(users);
            for (int k : new int[] {1, 20, 1_000}) {
                for (int u = 0; u < count; u++) {
                    List<ScoredId> expected = many.nearest(users.get(u), k, allowed.get(u));
                    java.util.BitSet blocked = new java.util.BitSet();
                    for (int row = 0; row < n; row++) {
                        if (!allowed.get(u).test(many.id(row))) {
                            blocked.set(row);
                        }
                    }
                    List<ScoredId> selected = scores.top(u, k, blocked);
                    assertThat(selected)
                            .extracting(ScoredId::itemId)
                            .as("user %d of %d, k %d", u, count, k)
                            .containsExactlyElementsOf(
                                    expected.stream().map(ScoredId::itemId).toList());
                    for (int i = 0; i < selected.size(); i++) {
                        assertThat(selected.get(i).score())
                                .isEqualTo((double) (float) expected.get(i).score());
                    }
                }
            }
        }
        // the selection alone, on scores given from outside, is the same selection
        UserEncoding first = new UserEncoding("v1", new float[] {1, -1, 0.5f, 0, 2, 0, 0, 1});
        float[] scores = new float[3 + n];
        for (int i = 0; i < n; i++) {
            scores[3 + i] = (float) many.score(first, "item-" + i);
        }
        java.util.function.Predicate<String> odd = id -> id.hashCode() % 2 != 0;
        java.util.BitSet even = new java.util.BitSet();
        for (int row = 0; row < n; row++) {
            if (!odd.test(many.id(row))) {
                even.set(row);
            }
        }
        assertThat(many.top(scores, 3, 20, even))
                .extracting(ScoredId::itemId)
                .containsExactlyElementsOf(
                        many.nearest(first, 20, odd).stream().map(ScoredId::itemId).toList());
        assertThatThrownBy(() -> many.top(scores, 4, 20, even))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("an encoding of another embedding version is refused, never compared")
    void otherVersionIsRefused() {
        UserEncoding stale = new UserEncoding("v0", new float[] {1, 0});

        assertThatThrownBy(() -> items.nearest(stale, 2, id -> true))
                .isInstanceOf(EmbeddingVersionMismatchException.class)
                .hasMessageContaining("v1")
                .hasMessageContaining("v0");
        assertThatThrownBy(() -> items.score(stale, "a"))
                .isInstanceOf(EmbeddingVersionMismatchException.class);
    }

    @Test
    @DisplayName("an empty encoding proposes and scores nothing")
    void emptyEncoding() {
        assertThat(items.nearest(UserEncoding.EMPTY, 3, id -> true)).isEmpty();
        assertThat(items.score(UserEncoding.EMPTY, "a")).isZero();
    }
}
