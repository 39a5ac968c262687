package dev.perch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import java.util.Map;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object of every overlay parses into its typed model with no field the model lacks, and the
 * custom resources also conform to their operators' CRD schemas: a typo in a manifest fails here,
 * not when an operator ignores the field on a cluster.
 */
class TypedModelsTest {
    /** apiVersion + kind to the typed model; a kind missing here fails the test. */
    private static final Map<String, Class<?>> MODELS =
            Map.ofEntries(
                    Map.entry("v1 Namespace", Namespace.class),
                    Map.entry("v1 ServiceAccount", ServiceAccount.class),
                    Map.entry("v1 Service", Service.class),
                    Map.entry("v1 ConfigMap", ConfigMap.class),
                    Map.entry("v1 Secret", Secret.class),
                    Map.entry("v1 PersistentVolumeClaim", PersistentVolumeClaim.class),
                    Map.entry("apps/v1 Deployment", Deployment.class),
                    Map.entry("apps/v1 StatefulSet", StatefulSet.class),
                    Map.entry("batch/v1 Job", Job.class),
                    Map.entry("networking.k8s.io/v1 Ingress", Ingress.class),
                    Map.entry("networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class),
                    Map.entry(
                            "autoscaling/v2 HorizontalPodAutoscaler",
                            HorizontalPodAutoscaler.class),
                    Map.entry("policy/v1 PodDisruptionBudget", PodDisruptionBudget.class),
                    Map.entry("rbac.authorization.k8s.io/v1 Role", Role.class),
                    Map.entry("rbac.authorization.k8s.io/v1 RoleBinding", RoleBinding.class),
                    Map.entry("flink.apache.org/v1beta1 FlinkDeployment", FlinkDeployment.class),
                    Map.entry("kafka.strimzi.io/v1 Kafka", Kafka.class),
                    Map.entry("kafka.strimzi.io/v1 KafkaNodePool", KafkaNodePool.class),
                    Map.entry("kafka.strimzi.io/v1 KafkaTopic", KafkaTopic.class));

    /**
     * Kinds checked against their CRD's schema alone (no Java model on Maven Central for Java 17).
     */
    private static final List<String> SCHEMA_ONLY =
            List.of(
                    "keda.sh/v1alpha1 ScaledObject",
                    "monitoring.coreos.com/v1 ServiceMonitor",
                    "monitoring.coreos.com/v1 PodMonitor",
                    "monitoring.coreos.com/v1 PrometheusRule");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.perch.deploy.Overlays#names")
    @DisplayName("every rendered object parses into its typed model, unknown fields rejected")
    void everyObjectParsesStrictly(String overlay) {
        List<JsonNode> objects = Overlays.render(overlay).objects();
        assertThat(objects).isNotEmpty();
        for (JsonNode object : objects) {
            String key = key(object);
            if (SCHEMA_ONLY.contains(key)) {
                continue;
            }
            assertThat(MODELS).as("typed model for %s", key).containsKey(key);
            Object parsed = StrictParsing.parse(object, MODELS.get(key));
            assertThat(parsed).isInstanceOf(MODELS.get(key));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.perch.deploy.Overlays#names")
    @DisplayName("every custom resource conforms to its operator's CRD schema")
    void customResourcesConformToTheirCrds(String overlay) {
        int checked = 0;
        for (JsonNode object : Overlays.render(overlay).objects()) {
            if (CrdSchemas.schemaOf(object).isPresent()) {
                assertThat(CrdSchemas.violations(object))
                        .as("%s %s", key(object), object.path("metadata").path("name").asText())
                        .isEmpty();
                checked++;
            } else {
                assertThat(key(object)).as("a CRD kind without schema").isIn(MODELS.keySet());
                assertThat(key(object)).doesNotContain("strimzi", "flink.apache.org");
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(15);
    }

    @Test
    @DisplayName("a field the model does not define fails the strict parse")
    void givenUnknownField_whenParsed_thenRejected() throws Exception {
        JsonNode typo =
                Overlays.YAML.readTree(
                        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n"
                                + "spec:\n  replicas: 1\n  replica: 2\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> StrictParsing.parse(typo, Deployment.class))
                .hasMessageContaining("replica");
        JsonNode topic =
                Overlays.YAML.readTree(
                        "apiVersion: kafka.strimzi.io/v1\nkind: KafkaTopic\nmetadata: {name: t}\n"
                                + "spec: {partitions: 1, replicas: 1, partitons: 3}\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> StrictParsing.parse(topic, KafkaTopic.class))
                .hasMessageContaining("partitons");
        assertThat(CrdSchemas.violations(topic)).containsExactly(".spec.partitons: unknown field");
        JsonNode scaled =
                Overlays.YAML.readTree(
                        "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: s}\n"
                                + "spec:\n  scaleTargetRef: {name: x}\n  maxReplicas: 3\n"
                                + "  triggers: [{type: kafka, metadata: {}}]\n");
        assertThat(CrdSchemas.violations(scaled))
                .containsExactly(".spec.maxReplicas: unknown field");
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asText() + " " + object.path("kind").asText();
    }
}
