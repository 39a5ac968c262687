package dev.perch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.perch.access.ApiKeys;
import dev.perch.access.ReadAccess;
import dev.perch.access.UserTokens;
import dev.perch.collector.CollectorAccess;
import dev.perch.collector.CollectorConfig;
import dev.perch.collector.CollectorServer;
import dev.perch.collector.ProxyingCollector;
import dev.perch.events.ops.StreamLimits;
import dev.perch.kafka.KafkaBrokerExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The demo shop mounted on a collector")
class DemoShopITCase {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String SECRET = "a-demo-token-secret-of-at-least-32-chars";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static CollectorServer start(CollectorAccess access) {
        return CollectorServer.start(
                CollectorConfig.defaults(KAFKA.bootstrapServers()).withPort(0),
                access,
                Clock.systemUTC(),
                StreamLimits.COLLECTOR,
                DemoShop.site());
    }

    private static HttpResponse<String> send(CollectorServer server, String method, String path)
            throws Exception {
        return send(server, method, path, null);
    }

    private static HttpResponse<String> send(
            CollectorServer server, String method, String path, String cookie) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A stand-in model server that answers every user's reads with 200. */
    private static HttpServer modelServer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/v1/users/", exchange -> JsonAnswer.answer(exchange, 200, "{\"ok\":true}"));
        server.start();
        return server;
    }

    @Test
    @DisplayName(
            "serves its page beside the collector's tracker, its catalog, and with a token secret"
                    + " the shown shopper's HttpOnly read cookie, which reads that shopper only")
    void pageCatalogAndToken() throws Exception {
        ReadAccess reads =
                new ReadAccess(
                        ApiKeys.none(),
                        new UserTokens(List.of(SECRET), Duration.ofHours(1)),
                        Clock.systemUTC());
        HttpServer modelServer = modelServer();
        try (CollectorServer shop =
                ProxyingCollector.start(
                        KAFKA.bootstrapServers(), modelServer, reads, DemoShop.site())) {
            HttpResponse<String> page = send(shop, "GET", "/");
            HttpResponse<String> tracker = send(shop, "GET", "/tracker.js");
            HttpResponse<String> catalog = send(shop, "GET", DemoShop.CATALOG_PATH);
            HttpResponse<String> token = send(shop, "POST", DemoTokens.PATH + "?user=shopper-1");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("tracker.js").contains("app.js");
            assertThat(tracker.statusCode()).isEqualTo(200);
            assertThat(tracker.body()).contains("createTracker");
            assertThat(catalog.statusCode()).isEqualTo(200);
            JsonNode items = new ObjectMapper().readTree(catalog.body());
            assertThat(items).hasSize(300);
            assertThat(items.get(0).get("itemId").asText()).isEqualTo("demo-001");
            assertThat(token.statusCode()).isEqualTo(200);
            String cookie = token.headers().firstValue("Set-Cookie").orElse("");
            assertThat(cookie)
                    .startsWith(ReadAccess.TOKEN_COOKIE + "=")
                    .contains("HttpOnly")
                    .contains("Path=/v1/users/");
            String sent = cookie.substring(0, cookie.indexOf(';'));
            assertThat(send(shop, "GET", "/v1/users/shopper-1/state", sent).statusCode())
                    .isEqualTo(200);
            assertThat(send(shop, "GET", "/v1/users/shopper-2/state", sent).statusCode())
                    .isEqualTo(403);
        } finally {
            modelServer.stop(0);
        }
    }

    @Test
    @DisplayName("without a token secret it mints nothing: its page is served, /demo/token is 404")
    void noTokenWithoutASecret() throws Exception {
        try (CollectorServer shop = start(CollectorAccess.closed())) {
            assertThat(send(shop, "GET", "/").statusCode()).isEqualTo(200);
            assertThat(send(shop, "POST", DemoTokens.PATH + "?user=shopper-1").statusCode())
                    .isEqualTo(404);
        }
    }
}
