package dev.perch.events.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventFileFormatTest {

    @Test
    @DisplayName("every format is found by its command-line name and creates a format of that name")
    void names() {
        for (EventFileFormat format : EventFileFormat.values()) {
            assertThat(EventFileFormat.fromCliName(format.cliName())).isEqualTo(format);
            assertThat(
                            format.create(
                                            Instant.parse("2020-01-01T00:00:00Z"),
                                            Duration.ofMillis(1))
                                    .name())
                    .isEqualTo(format.cliName());
        }
        assertThat(EventFileFormat.cliNames())
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
        assertThat(EventFileFormat.fromCliName("RetailRocket"))
                .isEqualTo(EventFileFormat.RETAILROCKET);
        assertThatThrownBy(() -> EventFileFormat.fromCliName("csv"))
                .hasMessageContaining("unknown format 'csv'")
                .hasMessageContaining("movielens-100k");
    }
}
