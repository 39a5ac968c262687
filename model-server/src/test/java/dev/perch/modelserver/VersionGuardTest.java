package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionGuardTest {
    @Test
    void givenNothingPublished_whenAnyStateArrives_thenAdmitted() {
        assertThat(VersionGuard.admits(TestingShop.state("u", 1), VersionGuard.NONE, null))
                .isTrue();
    }

    @Test
    void givenPublishedVersion_whenSameOrOlderArrives_thenRefused() {
        assertThat(VersionGuard.admits(TestingShop.state("u", 4), 4, null)).isFalse();
        assertThat(VersionGuard.admits(TestingShop.state("u", 3), 4, null)).isFalse();
        assertThat(VersionGuard.admits(TestingShop.state("u", 5), 4, null)).isTrue();
    }

    @Test
    void givenBufferedState_whenOlderArrives_thenRefused() {
        assertThat(VersionGuard.admits(TestingShop.state("u", 6), 4, TestingShop.state("u", 7)))
                .isFalse();
        assertThat(VersionGuard.admits(TestingShop.state("u", 8), 4, TestingShop.state("u", 7)))
                .isTrue();
    }
}
