package dev.perch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.events.EventType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventWeightsTest {
    private final EventWeights weights = EventWeights.DEFAULTS;

    @Test
    @DisplayName("a purchase counts more than a cart add, which counts more than a view")
    void purchasesCountMoreThanViews() {
        assertThat(weights.weightOf(EventType.PURCHASE, null))
                .isGreaterThan(weights.weightOf(EventType.ADD_TO_CART, null));
        assertThat(weights.weightOf(EventType.ADD_TO_CART, null))
                .isGreaterThan(weights.weightOf(EventType.VIEW, null));
        assertThat(weights.weightOf(EventType.VIEW, null)).isEqualTo(1.0);
        assertThat(weights.weightOf(EventType.CLICK, null)).isEqualTo(1.0);
        assertThat(weights.weightOf(EventType.SEARCH, null)).isZero();
        assertThat(weights.weightOf(EventType.REMOVE_FROM_CART, 2.0)).isZero();
    }

    @Test
    @DisplayName("a rating scales the RATE weight linearly up to the top rating")
    void ratingScalesWeight() {
        assertThat(weights.weightOf(EventType.RATE, 5.0)).isEqualTo(4.0);
        assertThat(weights.weightOf(EventType.RATE, 2.5)).isEqualTo(2.0);
        assertThat(weights.weightOf(EventType.RATE, 50.0)).isEqualTo(4.0);
        assertThat(weights.weightOf(EventType.RATE, -1.0)).isZero();
        assertThat(weights.weightOf(EventType.RATE, null)).isZero();
    }

    @Test
    @DisplayName("weights must be finite and the rating scale positive")
    void rejectsNonFiniteWeights() {
        assertThatThrownBy(() -> new EventWeights(Double.NaN, 1, 3, 0, 5, 0, 4, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("view");
        assertThatThrownBy(() -> new EventWeights(1, 1, 3, 0, 5, 0, 4, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ratingMax");
    }
}
