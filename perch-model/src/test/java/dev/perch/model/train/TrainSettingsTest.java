package dev.perch.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Training settings")
class TrainSettingsTest {
    @Test
    @DisplayName("default to 64 dimensions, a 10% later hold-out and a fixed seed")
    void defaults() {
        assertThat(TrainSettings.DEFAULTS.dimension()).isEqualTo(64);
        assertThat(TrainSettings.DEFAULTS.holdoutShare()).isEqualTo(0.1);
        assertThat(TrainSettings.DEFAULTS.seed()).isEqualTo(42);
        assertThat(TrainSettings.DEFAULTS.withDimension(16).dimension()).isEqualTo(16);
        assertThat(TrainSettings.DEFAULTS.withSeed(1).withEpochs(2).epochs()).isEqualTo(2);
    }

    @Test
    @DisplayName("refuse a hold-out share outside [0, 1) and non-positive sizes")
    void validated() {
        assertThatThrownBy(() -> TrainSettings.DEFAULTS.withHoldoutShare(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holdoutShare");
        assertThatThrownBy(() -> TrainSettings.DEFAULTS.withDimension(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension");
    }
}
