package dev.perch.demo;

import static dev.perch.demo.JsonAnswer.answer;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.perch.access.ApiKeys;
import dev.perch.access.ReadAccess;
import dev.perch.access.UserTokens;
import dev.perch.collector.CollectorServer;
import dev.perch.collector.ProxyingCollector;
import dev.perch.events.Item;
import dev.perch.kafka.KafkaBrokerExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo storefront page (app.js) against a stand-in model server, in a headless Chromium: what
 * the page does when the engine behind the collector is not ready. Needs Debian's chromium and
 * chromium-driver; skipped without them, except in CI where it fails.
 */
@DisplayName("The demo storefront page")
class DemoPageITCase {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final String SECRET = "a-demo-token-secret-of-at-least-32-chars";

    @Test
    @DisplayName(
            "A page opened while the model server still answers 503 (starting, rebalancing), and"
                + " then an empty list (nothing popular yet), shows the first list with items once"
                + " there is one, without an event from the shopper")
    void firstListOnceTheModelServerAnswers() throws Exception {
        HeadlessChromium.assumeInstalled();
        Item shown = DemoCatalog.items(Instant.EPOCH).get(0);
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        HttpServer modelServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        modelServer.setExecutor(Executors.newCachedThreadPool());
        modelServer.createContext(
                "/v1/users/",
                exchange -> {
                    String path = exchange.getRequestURI().getPath();
                    if (path.endsWith("/recommendations/stream")) {
                        // a live stream that stays silent: no list comes this way
                        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                        exchange.sendResponseHeaders(200, 0);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(": open\n\n".getBytes(StandardCharsets.UTF_8));
                            out.flush();
                            done.await(2, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (IOException e) {
                            // the page went away
                        }
                    } else if (path.endsWith("/recommendations") && asked.incrementAndGet() == 3) {
                        // started, but nothing popular or trending yet: an empty cold-start list
                        answer(
                                exchange,
                                200,
                                "{\"userId\":\"visitor\",\"items\":[],\"source\":\"cold-start\"}");
                    } else if (path.endsWith("/recommendations") && asked.get() < 3) {
                        exchange.getResponseHeaders().add("Retry-After", "1");
                        answer(
                                exchange,
                                503,
                                "{\"error\":\"the owner of this user is not known yet\"}");
                    } else if (path.endsWith("/recommendations")) {
                        answer(
                                exchange,
                                200,
                                "{\"userId\":\"visitor\",\"items\":[{\"itemId\":\""
                                        + shown.getItemId()
                                        + "\",\"reason\":\"POPULAR\"}],\"source\":\"cold-start\","
                                        + "\"modelVersion\":\"m1\"}");
                    } else {
                        answer(exchange, 404, "{\"error\":\"unknown\"}");
                    }
                });
        modelServer.start();
        CollectorServer collector =
                ProxyingCollector.start(
                        KAFKA.bootstrapServers(),
                        modelServer,
                        new ReadAccess(
                                ApiKeys.none(),
                                new UserTokens(List.of(SECRET), Duration.ofHours(1)),
                                Clock.systemUTC()),
                        DemoShop.site());
        WebDriver browser = HeadlessChromium.start();
        try {
            browser.get("http://127.0.0.1:" + collector.port() + "/?user=visitor");
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .withMessage("the first list in the row")
                    .until(
                            b ->
                                    !b.findElements(By.cssSelector("#recommendations .card"))
                                            .isEmpty());

            assertThat(asked.get())
                    .as("asked again after each 503 and the empty list")
                    .isGreaterThanOrEqualTo(4);
            assertThat(
                            browser.findElement(By.cssSelector("#recommendations .card .title"))
                                    .getText())
                    .isEqualTo(shown.getTitle());
        } catch (org.openqa.selenium.TimeoutException e) {
            HeadlessChromium.screenshot(browser, Path.of("target/demo-page-failed.png"));
            throw new AssertionError(
                    "asked "
                            + asked.get()
                            + " times; the row shows: "
                            + browser.findElement(By.id("recommendations")).getText(),
                    e);
        } finally {
            done.countDown();
            browser.quit();
            collector.close();
            modelServer.stop(0);
        }
    }
}
