package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.Recommendations;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionGuardTest {
    private static Recommendations publishedAt(long version) {
        return Recommendations.newBuilder()
                .setUserId("u")
                .setItems(List.of())
                .setModelVersion("m")
                .setUserStateVersion(version)
                .setGeneratedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void givenNothingPublished_whenAnyStateArrives_thenAdmitted() {
        assertThat(VersionGuard.admits(TestingShop.state("u", 1), null, null)).isTrue();
    }

    @Test
    void givenPublishedVersion_whenSameOrOlderArrives_thenRefused() {
        assertThat(VersionGuard.admits(TestingShop.state("u", 4), publishedAt(4), null)).isFalse();
        assertThat(VersionGuard.admits(TestingShop.state("u", 3), publishedAt(4), null)).isFalse();
        assertThat(VersionGuard.admits(TestingShop.state("u", 5), publishedAt(4), null)).isTrue();
    }

    @Test
    void givenBufferedState_whenOlderArrives_thenRefused() {
        assertThat(
                        VersionGuard.admits(
                                TestingShop.state("u", 6),
                                publishedAt(4),
                                TestingShop.state("u", 7)))
                .isFalse();
        assertThat(
                        VersionGuard.admits(
                                TestingShop.state("u", 8),
                                publishedAt(4),
                                TestingShop.state("u", 7)))
                .isTrue();
    }
}
