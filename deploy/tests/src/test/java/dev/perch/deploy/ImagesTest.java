package dev.perch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Opens the image tarballs that {@code deploy/images} builds in this very {@code verify} (Jib, no
 * Docker daemon) and checks what the manifests rely on: entry points, non-root users, exposed
 * ports, layers, the job jar under /opt/flink/usrlib, the CPU or CUDA PyTorch library.
 */
class ImagesTest {
    /** Where the FlinkDeployments' jarURI points (local://). */
    static final String JOB_JAR_IN_IMAGE = "/opt/flink/usrlib/stream-jobs-job.jar";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ImageTarball streamJobs;
    private static ImageTarball modelServer;
    private static ImageTarball modelServerGpu;
    private static ImageTarball collector;

    @BeforeAll
    static void readTarballs() throws IOException {
        streamJobs = ImageTarball.read(tar("stream-jobs"), JOB_JAR_IN_IMAGE::equals);
        modelServer = ImageTarball.read(tar("model-server"), p -> false);
        modelServerGpu = ImageTarball.read(tar("model-server-gpu"), p -> false);
        collector = ImageTarball.read(tar("collector"), p -> false);
    }

    private static Path tar(String module) {
        Path tar = imagesDir().resolve(module).resolve("target").resolve("jib-image.tar");
        assertThat(tar).as("built by deploy/images/%s in package", module).exists();
        return tar;
    }

    private static Path imagesDir() {
        return Path.of(System.getProperty("perch.images.dir", "../images"));
    }

    @Test
    @DisplayName(
            "the Flink image runs Flink's entry point as the flink user with the job jar in usrlib")
    void flinkImageCarriesTheJobJar() {
        assertThat(streamJobs.entrypoint()).containsExactly("/docker-entrypoint.sh");
        assertThat(streamJobs.user()).isEqualTo("9999:9999");
        assertThat(streamJobs.exposedPorts()).contains("6123/tcp", "8081/tcp", "9249/tcp");
        assertThat(streamJobs.files()).contains(JOB_JAR_IN_IMAGE);

        Set<String> classes =
                Set.of(
                        new String(streamJobs.file(JOB_JAR_IN_IMAGE), StandardCharsets.UTF_8)
                                .split("\n"));
        for (JsonNode job : Overlays.render("production").ofKind("FlinkDeployment")) {
            String entry = job.path("spec").path("job").path("entryClass").asText();
            assertThat(classes)
                    .as("the job jar holds %s", entry)
                    .contains(entry.replace('.', '/') + ".class");
        }
        // the connector is bundled, Flink's RocksDB fork comes with the cluster, never rocksdbjni
        assertThat(classes).anyMatch(c -> c.startsWith("org/apache/flink/connector/kafka/"));
    }

    @Test
    @DisplayName(
            "the model server image starts ModelServerMain offline, as a non-root user, on port"
                    + " 8090")
    void modelServerImage() {
        assertThat(modelServer.entrypoint()).first().isEqualTo("java");
        assertThat(modelServer.entrypoint())
                .contains("-Dai.djl.offline=true")
                .last()
                .isEqualTo("dev.perch.modelserver.ModelServerMain");
        assertThat(modelServer.user()).isEqualTo("10001:10001");
        assertThat(modelServer.exposedPorts()).containsExactly("8090/tcp");
        assertThat(modelServer.files())
                .anyMatch(f -> f.matches("/app/libs/pytorch-native-cpu-.*linux-x86_64\\.jar"));
        assertThat(modelServer.files()).anyMatch(f -> f.matches("/app/libs/model-server-.*\\.jar"));
        assertThat(modelServer.layers())
                .as("dependencies, snapshots, project ... in layers of their own")
                .hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    @DisplayName(
            "the GPU model server image is the same server without the CPU libtorch, loading the"
                    + " CUDA one")
    void gpuModelServerImage() {
        assertThat(modelServerGpu.entrypoint()).isEqualTo(modelServer.entrypoint());
        assertThat(modelServerGpu.user()).isEqualTo(modelServer.user());
        assertThat(modelServerGpu.files()).noneMatch(f -> f.contains("pytorch-native-cpu"));
        assertThat(modelServerGpu.files())
                .anyMatch(f -> f.matches("/app/libs/pytorch-jni-.*\\.jar"));
        Map<String, String> env = modelServerGpu.env();
        assertThat(env)
                .containsEntry("PYTORCH_FLAVOR", "cu128")
                .containsKey("PYTORCH_LIBRARY_PATH");
        // the libtorch the base image must carry is the one the JNI library on the class path was
        // built for
        String jni =
                modelServerGpu.files().stream()
                        .filter(f -> f.contains("/pytorch-jni-"))
                        .findFirst()
                        .orElseThrow();
        assertThat(jni).contains("pytorch-jni-" + env.get("PYTORCH_VERSION") + "-");
    }

    @Test
    @DisplayName("the collector image starts CollectorMain as a non-root user on port 8090")
    void collectorImage() {
        assertThat(collector.entrypoint()).first().isEqualTo("java");
        assertThat(collector.entrypoint()).last().isEqualTo("dev.perch.collector.CollectorMain");
        assertThat(collector.user()).isEqualTo("10001:10001");
        assertThat(collector.exposedPorts()).containsExactly("8090/tcp");
        assertThat(collector.files()).anyMatch(f -> f.matches("/app/libs/collector-.*\\.jar"));
        assertThat(collector.files()).noneMatch(f -> f.contains("pytorch"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.perch.deploy.Overlays#names")
    @DisplayName(
            "every Perch image a manifest runs is one the build makes, exposing the port the pod"
                    + " names")
    void manifestsRunTheBuiltImages(String overlay) throws IOException {
        Map<String, ImageTarball> built =
                Map.of(
                        imageName("stream-jobs"), streamJobs,
                        imageName("model-server"), modelServer,
                        imageName("model-server-gpu"), modelServerGpu,
                        imageName("collector"), collector);
        Overlays.Rendered r = Overlays.render(overlay);
        int checked = 0;
        for (JsonNode job : r.ofKind("FlinkDeployment")) {
            assertThat(built).containsKey(job.path("spec").path("image").asText());
            checked++;
        }
        for (String kind : new String[] {"StatefulSet", "Deployment"}) {
            for (JsonNode workload : r.ofKind(kind)) {
                for (JsonNode c :
                        workload.path("spec").path("template").path("spec").path("containers")) {
                    String image = c.path("image").asText();
                    if (!image.startsWith("perch/")) {
                        continue; // MinIO in dev
                    }
                    assertThat(built).as("image of %s", c.path("name")).containsKey(image);
                    for (JsonNode port : c.path("ports")) {
                        assertThat(built.get(image).exposedPorts())
                                .contains(port.path("containerPort").asInt() + "/tcp");
                    }
                    assertThat(built.get(image).user()).doesNotStartWith("0").isNotEqualTo("root");
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(4);
    }

    /** The name Jib gave the image (target/jib-image.json). */
    private static String imageName(String module) throws IOException {
        Path json = imagesDir().resolve(module).resolve("target").resolve("jib-image.json");
        return JSON.readTree(Files.readString(json)).path("image").asText();
    }
}
