package dev.perch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each overlay promises the runbook: state that survives upgrades, dev vs production vs gpu.
 */
class OverlaysTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.perch.deploy.Overlays#names")
    @DisplayName(
            "every FlinkDeployment upgrades through savepoints, with Kubernetes HA and state on"
                    + " object storage")
    void flinkJobsKeepTheirState(String overlay) {
        List<JsonNode> jobs = Overlays.render(overlay).ofKind("FlinkDeployment");
        assertThat(jobs).hasSize(2);
        String flinkVersion = System.getProperty("flink.version", "2.2.1");
        for (JsonNode job : jobs) {
            JsonNode spec = job.path("spec");
            JsonNode conf = spec.path("flinkConfiguration");
            assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
            assertThat(spec.path("flinkVersion").asText())
                    .isEqualTo("v" + flinkVersion.replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2"));
            assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
            for (String key :
                    List.of(
                            "high-availability.storageDir",
                            "execution.checkpointing.dir",
                            "execution.checkpointing.savepoint-dir")) {
                assertThat(conf.path(key).asText()).as(key).startsWith("s3://");
            }
            assertThat(conf.path("state.backend.type").asText()).isEqualTo("rocksdb");
            assertThat(
                            conf.path("execution.checkpointing.externalized-checkpoint-retention")
                                    .asText())
                    .isEqualTo("RETAIN_ON_CANCELLATION");
            // the S3 plugin the image enables matches the Flink version of the build
            assertThat(job.toString()).contains("flink-s3-fs-presto-" + flinkVersion + ".jar");
            assertThat(spec.path("job").path("jarURI").asText())
                    .isEqualTo("local://" + ImagesTest.JOB_JAR_IN_IMAGE);
        }
    }

    @Test
    @DisplayName(
            "dev: one Kafka node, one collector, MinIO holding the jobs' checkpoints and"
                    + " savepoints")
    void devIsSmallWithMinio() {
        Overlays.Rendered r = Overlays.render("dev");
        assertThat(r.ofKind("KafkaNodePool")).hasSize(1);
        assertThat(r.ofKind("KafkaNodePool").get(0).path("spec").path("replicas").asInt())
                .isEqualTo(1);
        assertThat(r.get("Deployment", "perch-collector").path("spec").path("replicas").asInt())
                .isEqualTo(1);
        JsonNode minio = r.get("Service", "minio");
        int s3Port = SettingsConsistencyTest.servicePort(minio, "s3");
        for (JsonNode job : r.ofKind("FlinkDeployment")) {
            JsonNode conf = job.path("spec").path("flinkConfiguration");
            assertThat(conf.path("s3.endpoint").asText()).isEqualTo("http://minio:" + s3Port);
            assertThat(conf.path("s3.path.style.access").asText()).isEqualTo("true");
            assertThat(conf.path("execution.checkpointing.dir").asText())
                    .startsWith("s3://perch-flink/");
        }
        assertThat(r.get("Job", "minio-create-bucket").toString()).contains("perch/perch-flink");
        assertThat(r.get("Secret", "perch-object-storage").path("data").has("access-key")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("productionLike")
    @DisplayName(
            "production: 3 controllers and 3 brokers, HA job managers, PDBs, NetworkPolicies,"
                    + " limits")
    void productionIsHighlyAvailable(String overlay) {
        Overlays.Rendered r = Overlays.render(overlay);
        assertThat(r.get("KafkaNodePool", "controller").path("spec").path("replicas").asInt())
                .isEqualTo(3);
        assertThat(r.get("KafkaNodePool", "broker").path("spec").path("replicas").asInt())
                .isEqualTo(3);
        assertThat(r.find("KafkaNodePool", "dual-role")).isEmpty();
        for (JsonNode job : r.ofKind("FlinkDeployment")) {
            assertThat(job.path("spec").path("jobManager").path("replicas").asInt()).isEqualTo(2);
        }
        assertThat(r.ofKind("PodDisruptionBudget"))
                .extracting(p -> p.path("metadata").path("name").asText())
                .contains("perch-model-server", "perch-collector");
        assertThat(r.ofKind("NetworkPolicy")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(r.find("Deployment", "minio")).isEmpty();
        for (JsonNode workload :
                List.of(
                        r.get("StatefulSet", "perch-model-server"),
                        r.get("Deployment", "perch-collector"))) {
            for (JsonNode c :
                    workload.path("spec").path("template").path("spec").path("containers")) {
                JsonNode res = c.path("resources");
                assertThat(res.path("requests").has("cpu"))
                        .as("cpu request of %s", c.path("name"))
                        .isTrue();
                assertThat(res.path("requests").has("memory")).isTrue();
                assertThat(res.path("limits").has("memory"))
                        .as("memory limit of %s", c.path("name"))
                        .isTrue();
            }
        }
        assertThat(r.ofKind("Secret")).as("production Secrets are created out of band").isEmpty();
    }

    @Test
    @DisplayName(
            "gpu: model servers on GPU nodes with the GPU image and --device=gpu; the rest as"
                    + " production")
    void gpuPutsModelServersOnGpuNodes() {
        Overlays.Rendered r = Overlays.render("gpu");
        JsonNode pod =
                r.get("StatefulSet", "perch-model-server")
                        .path("spec")
                        .path("template")
                        .path("spec");
        JsonNode container =
                Workloads.container(r.get("StatefulSet", "perch-model-server"), "model-server");
        assertThat(container.path("resources").path("limits").path("nvidia.com/gpu").asText())
                .isEqualTo("1");
        assertThat(pod.path("nodeSelector").path("nvidia.com/gpu.present").asText())
                .isEqualTo("true");
        assertThat(pod.path("tolerations").toString()).contains("nvidia.com/gpu");
        assertThat(container.path("image").asText()).startsWith("perch/model-server-gpu:");
        assertThat(container.path("args").toString())
                .contains("--device=gpu")
                .doesNotContain("--device=cpu");

        Overlays.Rendered production = Overlays.render("production");
        assertThat(r.objects()).hasSameSizeAs(production.objects());
        JsonNode cpu =
                Workloads.container(
                        production.get("StatefulSet", "perch-model-server"), "model-server");
        assertThat(cpu.path("image").asText()).startsWith("perch/model-server:");
        assertThat(cpu.path("resources").path("limits").has("nvidia.com/gpu")).isFalse();
    }

    static List<String> productionLike() {
        return List.of("production", "gpu");
    }
}
