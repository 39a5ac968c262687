package dev.perch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perch.collector.CollectorConfig;
import dev.perch.collector.CollectorServer;
import dev.perch.kafka.KafkaBrokerExtension;
import dev.perch.kafka.PerchTopics;
import dev.perch.modelserver.ModelServer;
import dev.perch.modelserver.ModelServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests against the real processes: a model server started from the production
 * StatefulSet's arguments and a collector, on a real broker. Every probe path, ingress path and
 * scraped path the manifests name is served, and every {@code perch_*} metric the PrometheusRule
 * and the Grafana dashboard query is one they export.
 */
class ManifestsAgainstProcessesITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.shared();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern PERCH_METRIC = Pattern.compile("\\bperch_[a-z0-9_]+");

    @TempDir Path tmp;

    @Test
    @DisplayName(
            "probe, ingress and scrape paths are served and every perch_* metric queried is"
                    + " exported")
    void manifestsMatchTheRunningProcesses() throws Exception {
        PerchTopics.ensureCreated(KAFKA.bootstrapServers(), 1);
        Overlays.Rendered r = Overlays.render("production");
        JsonNode msContainer =
                Workloads.container(r.get("StatefulSet", "perch-model-server"), "model-server");
        JsonNode colContainer =
                Workloads.container(r.get("Deployment", "perch-collector"), "collector");
        ModelServerConfig fromManifest =
                SettingsConsistencyTest.modelServerConfig(
                        Workloads.expandedArgs(msContainer, Map.of()));
        // the manifest's settings, on this machine: the test broker, a free port, temp dirs, and
        // the heuristic scorer (no artifact in /var/lib/perch/models here)
        ModelServerConfig local =
                fromManifest
                        .withBootstrap(KAFKA.bootstrapServers())
                        .withApplicationId("deploy-it")
                        .withPort(0)
                        .withModelDir(null)
                        .withStandbyReplicas(0)
                        .withDirectories(tmp.resolve("store"), tmp.resolve("state"));

        // (the pod's advertised --host does not resolve here: this one instance owns every key)
        try (ModelServer modelServer = ModelServer.start(local);
                CollectorServer collector =
                        CollectorServer.start(
                                CollectorConfig.defaults(KAFKA.bootstrapServers())
                                        .withPort(0)
                                        .withModelServer(
                                                URI.create(
                                                        "http://localhost:"
                                                                + modelServer.port())))) {
            String ms = "http://localhost:" + modelServer.port();
            String col = "http://localhost:" + collector.port();

            // probes: the readiness path turns 200 once Streams runs; the others answer at once
            for (JsonNode probe : Workloads.probes(msContainer)) {
                String path = probe.path("httpGet").path("path").asText();
                await().atMost(Duration.ofSeconds(120))
                        .ignoreExceptions()
                        .until(() -> status(ms + path) == 200);
            }
            for (JsonNode probe : Workloads.probes(colContainer)) {
                assertThat(status(col + probe.path("httpGet").path("path").asText()))
                        .isEqualTo(200);
            }
            // scrape paths of the ServiceMonitors
            for (JsonNode monitor : r.ofKind("ServiceMonitor")) {
                String base =
                        monitor.path("metadata").path("name").asText().contains("model-server")
                                ? ms
                                : col;
                for (JsonNode endpoint : monitor.path("spec").path("endpoints")) {
                    assertThat(status(base + endpoint.path("path").asText())).isEqualTo(200);
                }
            }
            // ingress paths reach routes of the collector (not its 404)
            for (JsonNode path :
                    r.get("Ingress", "perch-collector")
                            .path("spec")
                            .path("rules")
                            .get(0)
                            .path("http")
                            .path("paths")) {
                String p = path.path("path").asText();
                String url = col + (p.equals("/v1/users") ? "/v1/users/u1/recommendations" : p);
                int status = p.equals("/v1/events") ? options(url) : status(url);
                assertThat(status)
                        .as("%s through the collector", p)
                        .isNotEqualTo(404)
                        .isLessThan(500);
            }

            // an invalid event: the collector's per-reason reject counter exists from its first use
            HttpResponse<String> invalid =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(col + "/v1/events"))
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "[{\"eventId\": \"e-1\"}]"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(invalid.statusCode()).isLessThan(500);

            String scrapes = body(ms + "/metrics") + body(col + "/metrics");
            Set<String> queried = new TreeSet<>();
            queried.addAll(perchMetrics(r.get("PrometheusRule", "perch").toString()));
            queried.addAll(
                    perchMetrics(
                            Files.readString(
                                    Overlays.kubernetesDir()
                                            .resolve("base/monitoring/perch-dashboard.json"))));
            assertThat(queried)
                    .contains(
                            "perch_click_to_recommendation_seconds_bucket",
                            "perch_model_load_failures_total");
            for (String metric : queried) {
                assertThat(exported(scrapes, metric))
                        .as("%s is exported by the model server or the collector", metric)
                        .isTrue();
            }
        }
    }

    private static Set<String> perchMetrics(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PERCH_METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /**
     * A sample line of {@code metric}, or its family's TYPE line (a gauge family with no row yet).
     */
    private static boolean exported(String scrape, String metric) {
        return scrape.lines()
                .anyMatch(
                        l ->
                                l.startsWith(metric + "{")
                                        || l.startsWith(metric + " ")
                                        || l.startsWith("# TYPE " + metric + " "));
    }

    private static int status(String url) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static int options(String url) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String body(String url) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
