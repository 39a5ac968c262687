package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.access.ApiKeys;
import dev.perch.access.KafkaClientProperties;
import dev.perch.access.ReadAccess;
import dev.perch.access.UserTokens;
import dev.perch.kafka.KafkaBrokerExtension;
import dev.perch.kafka.PerchTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The model server's own check of who may read a user, against a real broker. */
class ModelServerAccessITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String KEY = "collector-key-0001";
    private static final UserTokens TOKENS =
            new UserTokens(List.of("model-server-token-secret-0123456789"), Duration.ofHours(1));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path tmp;

    private ModelServerConfig config(String applicationId) {
        return ModelServerConfig.defaults()
                .withBootstrap(KAFKA.bootstrapServers())
                .withApplicationId(applicationId)
                .withPort(0)
                .withDirectories(tmp.resolve("store"), tmp.resolve("state"));
    }

    private static int get(ModelServer server, String path, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    @DisplayName(
            "With keys configured, anonymous reads (search included) get 401, a token for user A"
                    + " gets 403 on user B, and a key or A's own token pass")
    void readsNeedKeyOrOwnToken() throws Exception {
        PerchTopics.ensureCreated(KAFKA.bootstrapServers(), 2);
        ModelServerAccess access =
                ModelServerAccess.local()
                        .withReads(
                                new ReadAccess(
                                        new ApiKeys(List.of(KEY)), TOKENS, Clock.systemUTC()));
        try (ModelServer server = ModelServer.start(config("it-access"), access)) {
            String alice = "Bearer " + TOKENS.mint("alice", Instant.now(), Duration.ofMinutes(5));

            assertThat(get(server, "/v1/users/bob/state", Map.of())).isEqualTo(401);
            assertThat(get(server, "/v1/users/bob/recommendations", Map.of())).isEqualTo(401);
            assertThat(get(server, "/v1/users/bob/recommendations/stream", Map.of()))
                    .isEqualTo(401);
            assertThat(get(server, "/v1/users/bob/search?q=shoes", Map.of())).isEqualTo(401);
            assertThat(get(server, "/v1/users/bob/state", Map.of("Authorization", alice)))
                    .isEqualTo(403);
            assertThat(get(server, "/v1/users/bob/search?q=shoes", Map.of("Authorization", alice)))
                    .isEqualTo(403);
            assertThat(get(server, "/health", Map.of())).as("health stays open").isIn(200, 503);
            // 503 while Streams still assigns partitions; then the owner answers
            awaitStatus(server, "/v1/users/alice/recommendations", Map.of("Authorization", alice));
            awaitStatus(
                    server, "/v1/users/bob/recommendations", Map.of(ReadAccess.KEY_HEADER, KEY));
            awaitStatus(server, "/v1/users/alice/search?q=shoes", Map.of("Authorization", alice));
            awaitStatus(server, "/v1/users/bob/search?q=shoes", Map.of(ReadAccess.KEY_HEADER, KEY));
        }
    }

    private static void awaitStatus(ModelServer server, String path, Map<String, String> headers)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int status;
        while ((status = get(server, path, headers)) == 503) {
            assertThat(System.nanoTime()).as("waited for %s", path).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        assertThat(status).as(path).isEqualTo(200);
    }

    @Test
    @DisplayName("Bound beyond loopback without a key, the model server refuses to start")
    void exposedNeedsKey() {
        ModelServerAccess exposed =
                new ModelServerAccess("0.0.0.0", ReadAccess.open(), KafkaClientProperties.none());
        assertThatThrownBy(() -> ModelServer.start(config("it-exposed"), exposed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--api-keys");
        assertThat(ModelServerAccess.isLoopback("127.0.0.1")).isTrue();
        assertThat(ModelServerAccess.isLoopback("0.0.0.0")).isFalse();
    }
}
