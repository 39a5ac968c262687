package dev.perch.core.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.core.recommend.ScoredId;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Exact scoring and retrieval of a sequence model's item vectors, guarded by the version. */
class ItemVectorsTest {
    private final ItemVectors items =
            new ItemVectors(
                    "v1", List.of("a", "b", "c", "d"), new float[] {1, 0, 0, 1, 2, 0, -1, 0}, 2);

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
