package dev.perch.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    @DisplayName(
            "a topic name is legal as Kafka's rule says: 1 to 249 of letters, digits, '.', '_'"
                    + " and '-', not '.' or '..'; every Perch topic is")
    void legalNames() {
        assertThat(Topics.ALL).allMatch(Topics::isLegalName);
        assertThat(Topics.isLegalName("shop-a.events_v2")).isTrue();
        assertThat(Topics.isLegalName("a".repeat(249))).isTrue();

        assertThat(Topics.isLegalName(null)).isFalse();
        assertThat(Topics.isLegalName("")).isFalse();
        assertThat(Topics.isLegalName(" ")).isFalse();
        assertThat(Topics.isLegalName("my events")).isFalse();
        assertThat(Topics.isLegalName("perch/events")).isFalse();
        assertThat(Topics.isLegalName(".")).isFalse();
        assertThat(Topics.isLegalName("..")).isFalse();
        assertThat(Topics.isLegalName("a".repeat(250))).isFalse();
    }
}
