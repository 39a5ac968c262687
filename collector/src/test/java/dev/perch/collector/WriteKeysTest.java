package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WriteKeys")
class WriteKeysTest {

    @Test
    @DisplayName("Without keys everything passes; with keys only a configured one does")
    void keys() {
        WriteKeys none = new WriteKeys(Set.of());
        WriteKeys some = new WriteKeys(Set.of("site-a", "site-b"));

        assertThat(none.required()).isFalse();
        assertThat(none.accepts(null)).isTrue();
        assertThat(some.required()).isTrue();
        assertThat(some.accepts("site-a")).isTrue();
        assertThat(some.accepts("site-b")).isTrue();
        assertThat(some.accepts("site-c")).isFalse();
        assertThat(some.accepts(null)).isFalse();
        assertThat(some.accepts("")).isFalse();
    }

    @Test
    @DisplayName(
            "A key limited to origins is refused from any other origin; unlimited keys and"
                    + " server-side senders pass")
    void origins() {
        WriteKeys keys =
                new WriteKeys(
                        List.of(
                                "site-a https://shop-a.example https://www.shop-a.example",
                                "site-b"));

        assertThat(keys.accepts("site-a")).isTrue();
        assertThat(keys.allowsOrigin("site-a", "https://shop-a.example")).isTrue();
        assertThat(keys.allowsOrigin("site-a", "https://www.shop-a.example")).isTrue();
        assertThat(keys.allowsOrigin("site-a", "https://evil.example")).isFalse();
        assertThat(keys.allowsOrigin("site-a", null)).as("no Origin: not a browser").isTrue();
        assertThat(keys.allowsOrigin("site-b", "https://anything.example")).isTrue();
    }
}
