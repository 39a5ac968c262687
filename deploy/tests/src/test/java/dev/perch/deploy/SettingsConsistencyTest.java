package dev.perch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perch.collector.CollectorMain;
import dev.perch.events.Topics;
import dev.perch.modelserver.ModelServerConfig;
import dev.perch.modelserver.ModelServerMain;
import dev.perch.streamjobs.itemstats.ItemStatisticsJobConfig;
import dev.perch.streamjobs.itemstats.ItemStatisticsJobOptions;
import dev.perch.streamjobs.userstate.UserStateJobConfig;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * One source of truth for settings: every option, key, port, topic, consumer group and service a
 * manifest names is one the code defines. The processes' own parsers read the manifests' arguments
 * (picocli for the model server and the collector, the jobs' argument parser and typed
 * ConfigOptions for the stream jobs), so a renamed or removed option fails here.
 */
class SettingsConsistencyTest {
    private static final Map<String, String> FIELDS =
            Map.of("metadata.name", "perch-model-server-0", "metadata.namespace", "perch");

    // ---- model server ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.perch.deploy.Overlays#names")
    @DisplayName(
            "the model server's arguments are ModelServerMain's options, its port the one probed")
    void modelServerArgumentsAreItsOptions(String overlay) throws Exception {
        Overlays.Rendered r = Overlays.render(overlay);
        JsonNode sts = r.get("StatefulSet", "perch-model-server");
        JsonNode container = Workloads.container(sts, "model-server");
        ModelServerConfig config = modelServerConfig(Workloads.expandedArgs(container, FIELDS));

        assertThat(config.port()).isEqualTo(Workloads.containerPort(container, "http"));
        for (JsonNode probe : Workloads.probes(container)) {
            assertThat(probe.path("httpGet").path("port").asText()).isEqualTo("http");
        }
        assertThat(config.bootstrapServers()).isEqualTo(kafkaBootstrap(r));
        assertThat(config.device()).isEqualTo(overlay.equals("gpu") ? "gpu" : "cpu");
        assertThat(config.standbyReplicas()).isPositive();

        // key routing: each pod advertises its name under the headless service of the StatefulSet
        String headless = sts.path("spec").path("serviceName").asText();
        JsonNode service = r.get("Service", headless);
        assertThat(service.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(config.host())
                .isEqualTo("perch-model-server-0." + headless + ".perch.svc.cluster.local");
        assertThat(servicePort(service, "http")).isEqualTo(config.port());
        assertSelects(service, Workloads.podLabels(sts));

        // state and models on the volumes mounted there
        Set<String> mounts = new HashSet<>();
        container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        assertThat(config.stateDir().getParent().toString()).isIn(mounts);
        assertThat(config.storeDir().getParent().toString()).isIn(mounts);
        assertThat(config.modelDir().toString()).isIn(mounts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.perch.deploy.Overlays#names")
    @DisplayName("KEDA scales the model servers on their own consumer group, topic and partitions")
    void scaledObjectMatchesTheModelServer(String overlay) throws Exception {
        Overlays.Rendered r = Overlays.render(overlay);
        JsonNode sts = r.get("StatefulSet", "perch-model-server");
        ModelServerConfig config =
                modelServerConfig(
                        Workloads.expandedArgs(Workloads.container(sts, "model-server"), FIELDS));
        JsonNode scaled = r.get("ScaledObject", "perch-model-server").path("spec");

        assertThat(scaled.path("scaleTargetRef").path("kind").asText()).isEqualTo("StatefulSet");
        assertThat(scaled.path("scaleTargetRef").path("name").asText())
                .isEqualTo("perch-model-server");
        JsonNode trigger = scaled.path("triggers").get(0);
        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        JsonNode meta = trigger.path("metadata");
        assertThat(meta.path("consumerGroup").asText()).isEqualTo(config.applicationId());
        assertThat(meta.path("topic").asText()).isEqualTo(Topics.USER_STATE);
        assertThat(meta.path("bootstrapServers").asText()).isEqualTo(kafkaBootstrap(r));
        int partitions =
                r.get("KafkaTopic", Topics.USER_STATE).path("spec").path("partitions").asInt();
        assertThat(scaled.path("maxReplicaCount").asInt())
                .as("model servers beyond the partitions of %s idle", Topics.USER_STATE)
                .isBetween(scaled.path("minReplicaCount").asInt(), partitions);
    }

    // ---- collector ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.perch.deploy.Overlays#names")
    @DisplayName("the collector's arguments are CollectorMain's options; write keys from a Secret")
    void collectorArgumentsAreItsOptions(String overlay) throws Exception {
        Overlays.Rendered r = Overlays.render(overlay);
        JsonNode deployment = r.get("Deployment", "perch-collector");
        JsonNode container = Workloads.container(deployment, "collector");
        String[] args = Workloads.expandedArgs(container, FIELDS);
        CommandLine cli = new CommandLine(new CollectorMain());
        cli.parseArgs(args);

        int port = cli.getCommandSpec().findOption("--port").getValue();
        assertThat(port).isEqualTo(Workloads.containerPort(container, "http"));
        for (JsonNode probe : Workloads.probes(container)) {
            assertThat(probe.path("httpGet").path("port").asText()).isEqualTo("http");
        }
        String bootstrap = cli.getCommandSpec().findOption("--bootstrap").getValue();
        assertThat(bootstrap).isEqualTo(kafkaBootstrap(r));
        // secrets are file references (perch-access), each file a key of a mounted Secret
        String writeKeys = cli.getCommandSpec().findOption("--write-keys").getValue();
        assertThat(secretBehind(deployment, container, writeKeys))
                .isEqualTo("perch-collector-write-keys");
        String modelServerKey = cli.getCommandSpec().findOption("--model-server-key").getValue();
        JsonNode sts = r.get("StatefulSet", "perch-model-server");
        String apiKeys =
                new CommandLine(new ModelServerMain())
                        .parseArgs(
                                Workloads.expandedArgs(
                                        Workloads.container(sts, "model-server"), FIELDS))
                        .matchedOptionValue("--api-keys", "");
        assertThat(secretBehind(deployment, container, modelServerKey))
                .as("the collector shows the model servers one of their own API keys")
                .isEqualTo(secretBehind(sts, Workloads.container(sts, "model-server"), apiKeys))
                .isEqualTo("perch-model-server-api-keys");
        if (overlay.equals("dev")) {
            assertThat(r.get("Secret", "perch-collector-write-keys").path("data").has("write-keys"))
                    .isTrue();
            assertThat(r.get("Secret", "perch-model-server-api-keys").path("data").has("keys"))
                    .isTrue();
        }

        // the proxy target is the model servers' Service, on their port
        URI modelServer = cli.getCommandSpec().findOption("--model-server").getValue();
        JsonNode service = r.get("Service", modelServer.getHost());
        assertThat(servicePort(service, "http")).isEqualTo(modelServer.getPort());
        assertSelects(service, Workloads.podLabels(r.get("StatefulSet", "perch-model-server")));

        // Service, Ingress and HPA reach this Deployment
        JsonNode collectorService = r.get("Service", "perch-collector");
        assertSelects(collectorService, Workloads.podLabels(deployment));
        for (JsonNode rule : r.get("Ingress", "perch-collector").path("spec").path("rules")) {
            for (JsonNode path : rule.path("http").path("paths")) {
                JsonNode backend = path.path("backend").path("service");
                assertThat(backend.path("name").asText()).isEqualTo("perch-collector");
                assertThat(backend.path("port").path("name").asText())
                        .isIn(portNames(collectorService));
            }
        }
        JsonNode hpa = r.get("HorizontalPodAutoscaler", "perch-collector").path("spec");
        assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo("perch-collector");
        assertThat(hpa.path("minReplicas").asInt()).isPositive();
    }

    // ---- stream jobs -------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.perch.deploy.Overlays#names")
    @DisplayName(
            "each FlinkDeployment's job arguments are its job's typed ConfigOptions, with valid"
                    + " values")
    void flinkJobArgumentsAreTheJobsOptions(String overlay) throws Exception {
        Overlays.Rendered r = Overlays.render(overlay);
        Map<String, String> entryClasses =
                Map.of(
                        "perch-user-state", "dev.perch.streamjobs.userstate.UserStateJobMain",
                        "perch-item-statistics",
                                "dev.perch.streamjobs.itemstats.ItemStatisticsJobMain");
        assertThat(r.ofKind("FlinkDeployment")).hasSize(entryClasses.size());
        for (var entry : entryClasses.entrySet()) {
            JsonNode spec = r.get("FlinkDeployment", entry.getKey()).path("spec");
            JsonNode job = spec.path("job");
            assertThat(job.path("entryClass").asText()).isEqualTo(entry.getValue());
            Map<String, String> settings = jobArguments(job);
            boolean userState = entry.getValue().endsWith("UserStateJobMain");
            Set<String> known =
                    optionKeys(userState ? UserStateJobOptions.ALL : ItemStatisticsJobOptions.ALL);
            assertThat(settings.keySet())
                    .as("job arguments of %s", entry.getKey())
                    .isSubsetOf(known);
            Configuration conf = Configuration.fromMap(settings);
            if (userState) {
                UserStateJobConfig.from(conf);
            } else {
                ItemStatisticsJobConfig.from(conf);
            }
            assertThat(conf.get(UserStateJobOptions.BOOTSTRAP_SERVERS))
                    .isEqualTo(kafkaBootstrap(r));

            // the job keeps its max parallelism (key groups); the autoscaler stays below it
            int maxParallelism = conf.get(UserStateJobOptions.MAX_PARALLELISM);
            JsonNode flink = spec.path("flinkConfiguration");
            assertThat(flink.has("pipeline.max-parallelism")).isFalse();
            int min = flink.path("job.autoscaler.vertex.min-parallelism").asInt();
            int max = flink.path("job.autoscaler.vertex.max-parallelism").asInt();
            assertThat(flink.path("job.autoscaler.enabled").asText()).isEqualTo("true");
            assertThat(min).isPositive();
            assertThat(max).isBetween(min, maxParallelism);
            assertThat(job.path("parallelism").asInt()).isBetween(min, max);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.perch.deploy.Overlays#names")
    @DisplayName("every flinkConfiguration key is a Flink, operator or Perch option")
    void flinkConfigurationKeysExist(String overlay) throws Exception {
        Set<String> known = new HashSet<>(flinkCoreKeys());
        known.addAll(operatorKeys());
        known.addAll(optionKeys(UserStateJobOptions.ALL));
        known.addAll(optionKeys(ItemStatisticsJobOptions.ALL));
        // Keys read by plugins rather than ConfigOptions: the Prometheus reporter named "prom" and
        // the S3 file system (Flink's "Amazon S3" page).
        known.addAll(
                Set.of(
                        "metrics.reporter.prom.factory.class",
                        "metrics.reporter.prom.port",
                        "s3.endpoint",
                        "s3.path.style.access"));
        for (JsonNode deployment : Overlays.render(overlay).ofKind("FlinkDeployment")) {
            Iterator<String> keys = deployment.path("spec").path("flinkConfiguration").fieldNames();
            List<String> unknown = new ArrayList<>();
            keys.forEachRemaining(
                    k -> {
                        if (!known.contains(k)) unknown.add(k);
                    });
            assertThat(unknown)
                    .as("unknown keys in %s", deployment.path("metadata").path("name"))
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.perch.deploy.Overlays#names")
    @DisplayName("the monitors scrape ports the workloads expose")
    void monitorsScrapeExposedPorts(String overlay) {
        Overlays.Rendered r = Overlays.render(overlay);
        for (JsonNode monitor : r.ofKind("ServiceMonitor")) {
            JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
            List<JsonNode> services =
                    r.ofKind("Service").stream()
                            .filter(s -> contains(s.path("metadata").path("labels"), selector))
                            .toList();
            assertThat(services)
                    .as("services of %s", monitor.path("metadata").path("name"))
                    .hasSize(1);
            for (JsonNode endpoint : monitor.path("spec").path("endpoints")) {
                assertThat(endpoint.path("port").asText()).isIn(portNames(services.get(0)));
                assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
            }
        }
        JsonNode flinkMonitor = r.get("PodMonitor", "perch-stream-jobs").path("spec");
        String port = flinkMonitor.path("podMetricsEndpoints").get(0).path("port").asText();
        for (JsonNode deployment : r.ofKind("FlinkDeployment")) {
            JsonNode spec = deployment.path("spec");
            assertThat(
                            contains(
                                    spec.path("podTemplate").path("metadata").path("labels"),
                                    flinkMonitor.path("selector").path("matchLabels")))
                    .isTrue();
            JsonNode main = spec.path("podTemplate").path("spec").path("containers").get(0);
            assertThat(main.path("name").asText()).isEqualTo("flink-main-container");
            assertThat(Workloads.containerPort(main, port))
                    .isEqualTo(
                            spec.path("flinkConfiguration")
                                    .path("metrics.reporter.prom.port")
                                    .asInt());
        }
    }

    // ---- the checks themselves fail on a wrong manifest -------------------------------------

    @Test
    @DisplayName("an option the model server does not define is refused by its own parser")
    void givenUnknownModelServerOption_whenParsed_thenRefused() {
        assertThatThrownBy(() -> modelServerConfig(new String[] {"--standby-replica=1"}))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
        assertThatThrownBy(() -> modelServerConfig(new String[] {"--device=tpu"}))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a job argument the job does not define is not among its option keys")
    void givenUnknownJobKey_whenChecked_thenNotKnown() throws Exception {
        JsonNode job =
                Overlays.YAML.readTree(
                        "args: ['--perch.user-state.half-lif', '3 d',"
                                + " 'perch.job.max-parallelism=64']");
        Map<String, String> settings = jobArguments(job);
        assertThat(settings).containsEntry("perch.job.max-parallelism", "64");
        assertThat(optionKeys(UserStateJobOptions.ALL)).doesNotContain("perch.user-state.half-lif");
        assertThat(flinkCoreKeys())
                .contains("execution.checkpointing.dir", "high-availability.type");
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** The model server's options parsed by its picocli spec into its validated config record. */
    static ModelServerConfig modelServerConfig(String[] args) throws Exception {
        ModelServerMain main = new ModelServerMain();
        new CommandLine(main).parseArgs(args);
        Method config = ModelServerMain.class.getDeclaredMethod("config");
        config.setAccessible(true);
        try {
            return (ModelServerConfig) config.invoke(main);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException(
                    "ModelServerMain refused " + List.of(args), e.getCause());
        }
    }

    /** The job's arguments parsed by the jobs' own parser ({@code UserStateJobMain.parse}). */
    static Map<String, String> jobArguments(JsonNode job) throws Exception {
        List<String> args = new ArrayList<>();
        job.path("args").forEach(a -> args.add(a.asText()));
        Method parse =
                Class.forName("dev.perch.streamjobs.userstate.UserStateJobMain")
                        .getDeclaredMethod("parse", String[].class);
        parse.setAccessible(true);
        @SuppressWarnings("unchecked")
        Map<String, String> parsed =
                (Map<String, String>) parse.invoke(null, (Object) args.toArray(String[]::new));
        return parsed;
    }

    static Set<String> optionKeys(List<ConfigOption<?>> options) {
        return options.stream().map(ConfigOption::key).collect(Collectors.toSet());
    }

    /** Every key (and fallback key) of the ConfigOptions in flink-core's configuration package. */
    static Set<String> flinkCoreKeys() throws IOException {
        Path jar =
                Path.of(
                        URI.create(
                                ConfigOption.class
                                        .getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation()
                                        .toString()));
        Set<String> keys = new HashSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream()
                    .map(e -> e.getName())
                    .filter(
                            n ->
                                    n.startsWith("org/apache/flink/configuration/")
                                            && n.endsWith("Options.class"))
                    .forEach(n -> addKeys(n.replace('/', '.').replace(".class", ""), keys));
        }
        return keys;
    }

    private static void addKeys(String className, Set<String> keys) {
        try {
            for (var field : Class.forName(className).getFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        && field.getType() == ConfigOption.class) {
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    keys.add(option.key());
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        keys.add(fallback.getKey());
                    }
                }
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // an options class needing classes outside flink-core defines no key we use
        }
    }

    /** The Flink Kubernetes Operator 1.15.0's keys (kubernetes.operator.*, job.autoscaler.*). */
    static Set<String> operatorKeys() throws IOException {
        try (InputStream in =
                SettingsConsistencyTest.class.getResourceAsStream(
                        "/flink-operator-1.15.0-keys.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .collect(Collectors.toSet());
        }
    }

    /** {@code <Kafka name>-kafka-bootstrap:<plain listener port>}, Strimzi's bootstrap Service. */
    static String kafkaBootstrap(Overlays.Rendered r) {
        JsonNode kafka = r.ofKind("Kafka").get(0);
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if (!listener.path("tls").asBoolean()
                    && listener.path("type").asText().equals("internal")) {
                return kafka.path("metadata").path("name").asText()
                        + "-kafka-bootstrap:"
                        + listener.path("port").asInt();
            }
        }
        throw new AssertionError("no plain internal listener");
    }

    /** The Secret whose volume holds the file of a {@code file:/dir/key} reference. */
    static String secretBehind(JsonNode workload, JsonNode container, String reference) {
        assertThat(reference).startsWith("file:");
        Path file = Path.of(reference.substring("file:".length()));
        String volume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(file.getParent().toString())) {
                volume = mount.path("name").asText();
            }
        }
        assertThat(volume).as("a volume mounted at %s", file.getParent()).isNotNull();
        for (JsonNode v : workload.path("spec").path("template").path("spec").path("volumes")) {
            if (v.path("name").asText().equals(volume)) {
                return v.path("secret").path("secretName").asText(null);
            }
        }
        throw new AssertionError("no volume " + volume);
    }

    static int servicePort(JsonNode service, String name) {
        for (JsonNode p : service.path("spec").path("ports")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("port").asInt();
            }
        }
        throw new AssertionError(
                service.path("metadata").path("name").asText() + " has no port " + name);
    }

    static Set<String> portNames(JsonNode service) {
        Set<String> names = new HashSet<>();
        service.path("spec").path("ports").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    static void assertSelects(JsonNode service, JsonNode podLabels) {
        JsonNode selector = service.path("spec").path("selector");
        assertThat(selector.size()).isPositive();
        assertThat(contains(podLabels, selector))
                .as("%s selects the pods", service.path("metadata").path("name").asText())
                .isTrue();
    }

    static boolean contains(JsonNode labels, JsonNode selector) {
        Iterator<Map.Entry<String, JsonNode>> it = selector.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
