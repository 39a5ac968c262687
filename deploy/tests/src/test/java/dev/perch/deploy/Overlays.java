package dev.perch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Kustomize overlays under {@code deploy/kubernetes/overlays}, rendered with {@code kubectl
 * kustomize} exactly as {@code kubectl apply -k} would, once per test JVM.
 */
final class Overlays {
    /** Every overlay the runbook deploys. */
    static final List<String> NAMES = List.of("dev", "production", "gpu");

    static final ObjectMapper YAML = new YAMLMapper();

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    private Overlays() {}

    static Path kubernetesDir() {
        return Path.of(System.getProperty("perch.kubernetes.dir", "../kubernetes"));
    }

    /** The overlay rendered into its objects, in kubectl's order. */
    static Rendered render(String overlay) {
        return CACHE.computeIfAbsent(overlay, Overlays::run);
    }

    /** All overlays, for parameterised tests. */
    static Stream<String> names() {
        return NAMES.stream();
    }

    private static Rendered run(String overlay) {
        Path dir = kubernetesDir().resolve("overlays").resolve(overlay);
        try {
            Path out = Files.createTempFile("perch-" + overlay, ".yaml");
            Process kubectl =
                    new ProcessBuilder("kubectl", "kustomize", dir.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(out.toFile())
                            .start();
            if (!kubectl.waitFor(60, TimeUnit.SECONDS)) {
                kubectl.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " took over 60 s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            if (kubectl.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed:\n" + text);
            }
            List<JsonNode> objects = new ArrayList<>();
            try (var parser = new YAMLFactory().createParser(text)) {
                YAML.readValues(parser, JsonNode.class).forEachRemaining(objects::add);
            }
            return new Rendered(overlay, objects);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "kubectl (with its built-in kustomize) must be on the PATH: .ci/run installs"
                            + " it",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One rendered overlay. */
    record Rendered(String overlay, List<JsonNode> objects) {
        List<JsonNode> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        }

        Optional<JsonNode> find(String kind, String name) {
            return ofKind(kind).stream()
                    .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                    .findFirst();
        }

        JsonNode get(String kind, String name) {
            return find(kind, name)
                    .orElseThrow(
                            () ->
                                    new AssertionError(
                                            overlay + " renders no " + kind + " named " + name));
        }
    }
}
