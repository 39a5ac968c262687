package dev.perch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates objects against the OpenAPI v3 schemas of the custom resource definitions in {@code
 * src/test/resources/crds} (taken unchanged from the operators' releases: Flink Kubernetes Operator
 * 1.15.0, Strimzi 1.2.0, KEDA 2.20.2, Prometheus Operator 0.93.0). Like the API server, it rejects
 * a field the schema does not declare unless the schema preserves unknown fields; unlike it, it
 * reports instead of pruning.
 */
final class CrdSchemas {
    private static final String[] FILES = {
        "flinkdeployments.flink.apache.org.yaml",
        "kafkas.kafka.strimzi.io.yaml",
        "kafkanodepools.kafka.strimzi.io.yaml",
        "kafkatopics.kafka.strimzi.io.yaml",
        "scaledobjects.keda.sh.yaml",
        "servicemonitors.monitoring.coreos.com.yaml",
        "podmonitors.monitoring.coreos.com.yaml",
        "prometheusrules.monitoring.coreos.com.yaml",
    };

    /** "group/version Kind" to its schema. */
    private static final Map<String, JsonNode> SCHEMAS = load();

    private CrdSchemas() {}

    /** The schema of {@code object}'s apiVersion and kind, if a CRD here defines it. */
    static Optional<JsonNode> schemaOf(JsonNode object) {
        return Optional.ofNullable(
                SCHEMAS.get(
                        object.path("apiVersion").asText() + " " + object.path("kind").asText()));
    }

    /** Every violation of {@code object} against its CRD schema; empty when it conforms. */
    static List<String> violations(JsonNode object) {
        JsonNode schema =
                schemaOf(object)
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "no CRD for "
                                                        + object.path("apiVersion").asText()
                                                        + " "
                                                        + object.path("kind").asText()));
        List<String> out = new ArrayList<>();
        validate(object, schema, "", out, true);
        return out;
    }

    private static void validate(
            JsonNode value, JsonNode schema, String path, List<String> out, boolean root) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                out.add(path + ": int or string expected, got " + value.getNodeType());
            }
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            out.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> validateObject(value, schema, path, out, root);
            case "array" -> {
                if (!value.isArray()) {
                    out.add(path + ": array expected, got " + value.getNodeType());
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    validate(value.get(i), schema.path("items"), path + "[" + i + "]", out, false);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    out.add(path + ": string expected, got " + value.getNodeType());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    out.add(path + ": integer expected, got " + value.getNodeType());
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    out.add(path + ": number expected, got " + value.getNodeType());
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    out.add(path + ": boolean expected, got " + value.getNodeType());
                }
            }
            default -> {
                // no type: anything (x-kubernetes-preserve-unknown-fields or a free value)
            }
        }
    }

    private static void validateObject(
            JsonNode value, JsonNode schema, String path, List<String> out, boolean root) {
        if (!value.isObject()) {
            out.add(path + ": object expected, got " + value.getNodeType());
            return;
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                out.add(path + ": required field " + required.asText() + " is missing");
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            String at = path + "." + name;
            if (root && (name.equals("apiVersion") || name.equals("kind"))) {
                continue;
            }
            if (root && name.equals("metadata")) {
                continue; // ObjectMeta: the API server's, not the CRD's
            }
            if (properties.has(name)) {
                validate(field.getValue(), properties.get(name), at, out, false);
            } else if (additional != null && additional.isObject()) {
                validate(field.getValue(), additional, at, out, false);
            } else if (!(preserve || (additional != null && additional.asBoolean(false)))) {
                out.add(at + ": unknown field");
            }
        }
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode v : values) {
            if (v.equals(value) || (v.isTextual() && v.asText().equals(value.asText()))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, JsonNode> load() {
        Map<String, JsonNode> schemas = new HashMap<>();
        for (String file : FILES) {
            try (InputStream in = CrdSchemas.class.getResourceAsStream("/crds/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("missing CRD resource " + file);
                }
                JsonNode crd = Overlays.YAML.readTree(in);
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    schemas.put(
                            group + "/" + version.path("name").asText() + " " + kind,
                            version.path("schema").path("openAPIV3Schema"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schemas;
    }
}
