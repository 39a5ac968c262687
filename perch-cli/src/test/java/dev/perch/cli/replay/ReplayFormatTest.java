package dev.perch.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReplayFormatTest {

    @Test
    @DisplayName("every format is found by its command-line name and creates a format of that name")
    void names() {
        for (ReplayFormat format : ReplayFormat.values()) {
            assertThat(ReplayFormat.fromCliName(format.cliName())).isEqualTo(format);
            assertThat(
                            format.create(
                                            Instant.parse("2020-01-01T00:00:00Z"),
                                            Duration.ofMillis(1))
                                    .name())
                    .isEqualTo(format.cliName());
        }
        assertThat(ReplayFormat.cliNames())
                .containsExactly(
                        "retailrocket",
                        "movielens",
                        "movielens-100k",
                        "session-clicks",
                        "ader-periods",
                        "json");
    }

    @Test
    @DisplayName("names are case-insensitive; an unknown name lists the valid ones")
    void unknown() {
        assertThat(ReplayFormat.fromCliName("RetailRocket")).isEqualTo(ReplayFormat.RETAILROCKET);
        assertThatThrownBy(() -> ReplayFormat.fromCliName("csv"))
                .hasMessageContaining("unknown format 'csv'")
                .hasMessageContaining("movielens-100k");
    }
}
