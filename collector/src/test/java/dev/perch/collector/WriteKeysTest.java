package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WriteKeys")
class WriteKeysTest {

    @Test
    @DisplayName("Without keys every request passes, with keys only a configured one does")
    void accepts() {
        WriteKeys none = new WriteKeys(Set.of());
        WriteKeys some = new WriteKeys(Set.of("site-a", "site-b"));

        assertThat(none.required()).isFalse();
        assertThat(none.accepts(null)).isTrue();
        assertThat(some.required()).isTrue();
        assertThat(some.accepts("site-b")).isTrue();
        assertThat(some.accepts("site-c")).isFalse();
        assertThat(some.accepts("site-")).isFalse();
        assertThat(some.accepts(null)).isFalse();
    }
}
