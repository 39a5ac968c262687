package dev.perch.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadAccessTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String SECRET = "token-secret-0123456789-0123456789";
    private final UserTokens tokens = new UserTokens(List.of(SECRET), Duration.ofHours(1));
    private final ReadAccess access =
            new ReadAccess(
                    new ApiKeys(List.of("backend-key")), tokens, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    @DisplayName("without a key or a token a read is 401")
    void anonymousRefused() {
        assertThat(access.decide("alice", null, null, null).status()).isEqualTo(401);
        assertThat(access.decide("alice", "wrong-key", null, null).status()).isEqualTo(401);
        assertThat(access.decide("alice", null, "Basic abc", null).status()).isEqualTo(401);
    }

    @Test
    @DisplayName(
            "a token for user A reads A and is refused (403) for user B, in the header or the"
                    + " cookie")
    void tokenForOtherUserRefused() {
        String alice = tokens.mint("alice", NOW, Duration.ofMinutes(10));
        assertThat(access.decide("alice", null, "Bearer " + alice, null).allowed()).isTrue();
        assertThat(access.decide("alice", null, null, alice).allowed()).isTrue();
        assertThat(access.decide("bob", null, "Bearer " + alice, null).status()).isEqualTo(403);
        assertThat(access.decide("bob", null, null, alice).status()).isEqualTo(403);
    }

    @Test
    @DisplayName("a server-side key reads every user and may delete; a user token may not delete")
    void keyReadsEveryone() {
        assertThat(access.decide("bob", "backend-key", null, null).allowed()).isTrue();
        assertThat(access.decideAdmin("backend-key").allowed()).isTrue();
        assertThat(access.decideAdmin(null).status()).isEqualTo(401);
        assertThat(access.decideAdmin("nope").status()).isEqualTo(401);
    }

    @Test
    @DisplayName("verdict reasons never repeat the key or the token presented")
    void reasonsHideSecrets() {
        String token = tokens.mint("alice", NOW, Duration.ofMinutes(10));
        assertThat(access.decide("bob", null, "Bearer " + token, null).reason())
                .doesNotContain(token);
        assertThat(access.decide("bob", "guess-key", null, null).reason())
                .doesNotContain("guess-key");
    }

    @Test
    @DisplayName(
            "a request is judged by the user in its path: encoded ids decode, DELETE needs the key")
    void requests() {
        String token = tokens.mint("u 1/x", NOW, Duration.ofMinutes(10));
        assertThat(
                        access.decideRequest(
                                        "GET",
                                        "/v1/users/u%201%2Fx/state",
                                        null,
                                        "Bearer " + token,
                                        null)
                                .allowed())
                .isTrue();
        assertThat(
                        access.decideRequest(
                                        "GET",
                                        "/v1/users/u%201/state",
                                        null,
                                        "Bearer " + token,
                                        null)
                                .status())
                .isEqualTo(403);
        assertThat(
                        access.decideRequest(
                                        "DELETE",
                                        "/v1/users/u%201%2Fx",
                                        null,
                                        "Bearer " + token,
                                        null)
                                .status())
                .isEqualTo(401);
        assertThat(
                        access.decideRequest("DELETE", "/v1/users/u1", "backend-key", null, null)
                                .allowed())
                .isTrue();
        assertThat(access.decideRequest("GET", "/v1/users/", "backend-key", null, null).status())
                .isEqualTo(404);
        assertThat(
                        ReadAccess.open()
                                .decideRequest("GET", "/v1/users/a/state", null, null, null)
                                .allowed())
                .isTrue();
    }
}
