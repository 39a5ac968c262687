package dev.perch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UserTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String OLD = "old-secret-0123456789-0123456789-abc";
    private static final String NEW = "new-secret-0123456789-0123456789-xyz";

    private final UserTokens tokens = new UserTokens(List.of(NEW), Duration.ofHours(1));

    @Test
    @DisplayName("a token names its user and is valid until it expires")
    void validUntilExpiry() {
        String token = tokens.mint("alice", NOW, Duration.ofMinutes(15));
        assertThat(tokens.userOf(token, NOW)).contains("alice");
        assertThat(tokens.userOf(token, NOW.plus(Duration.ofMinutes(14)))).contains("alice");
        assertThat(tokens.verify(token, NOW.plus(Duration.ofMinutes(15))))
                .isEqualTo(new UserTokens.Check.Refused("token expired"));
    }

    @Test
    @DisplayName("changing the user id in a token breaks its signature")
    void tamperedUserRefused() {
        String token = tokens.mint("alice", NOW, Duration.ofMinutes(15));
        String[] parts = token.split("\\.");
        String forged =
                parts[0]
                        + "."
                        + java.util.Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString("bob".getBytes())
                        + "."
                        + parts[2]
                        + "."
                        + parts[3];
        assertThat(tokens.verify(forged, NOW))
                .isEqualTo(new UserTokens.Check.Refused("token signature does not match"));
        assertThat(tokens.verify("garbage", NOW)).isInstanceOf(UserTokens.Check.Refused.class);
        assertThat(tokens.verify("pt1.%%%.1.x", NOW)).isInstanceOf(UserTokens.Check.Refused.class);
    }

    @Test
    @DisplayName(
            "during a rotation tokens of the old and the new secret are both valid; after it only"
                    + " the new")
    void rotation() {
        UserTokens before = new UserTokens(List.of(OLD), Duration.ofHours(1));
        UserTokens during = new UserTokens(List.of(NEW, OLD), Duration.ofHours(1));
        String oldToken = before.mint("alice", NOW, Duration.ofMinutes(15));
        String newToken = during.mint("alice", NOW, Duration.ofMinutes(15));
        assertThat(during.userOf(oldToken, NOW)).contains("alice");
        assertThat(during.userOf(newToken, NOW)).contains("alice");
        assertThat(tokens.userOf(newToken, NOW)).contains("alice");
        assertThat(tokens.userOf(oldToken, NOW)).isEmpty();
    }

    @Test
    @DisplayName("tokens that would live longer than the limit are neither minted nor accepted")
    void lifetimeBounded() {
        assertThatThrownBy(() -> tokens.mint("alice", NOW, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        UserTokens lax = new UserTokens(List.of(NEW), Duration.ofDays(30));
        String longLived = lax.mint("alice", NOW, Duration.ofDays(30));
        assertThat(tokens.verify(longLived, NOW)).isInstanceOf(UserTokens.Check.Refused.class);
    }

    @Test
    @DisplayName("short secrets are refused, and without a secret no token is valid")
    void secretsChecked() {
        assertThatThrownBy(() -> new UserTokens(List.of("short"), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("short");
        String token = tokens.mint("alice", NOW, Duration.ofMinutes(5));
        assertThat(UserTokens.none().userOf(token, NOW)).isEmpty();
    }
}
