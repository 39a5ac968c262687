package dev.perch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads containers, their arguments and environment out of rendered workloads. */
final class Workloads {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private Workloads() {}

    /** The named container of a Deployment or StatefulSet. */
    static JsonNode container(JsonNode workload, String name) {
        for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError(
                workload.path("metadata").path("name").asText() + " has no container " + name);
    }

    /** The pod labels of a workload's template. */
    static JsonNode podLabels(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels");
    }

    /**
     * The container's arguments with every {@code $(VAR)} expanded as the kubelet would, from the
     * container's env: a literal value as is, a field or Secret reference as a stand-in value; an
     * undefined variable fails (the kubelet would pass it through unexpanded).
     */
    static String[] expandedArgs(JsonNode container, Map<String, String> fieldValues) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, e.path("value").asText());
            } else if (e.path("valueFrom").has("fieldRef")) {
                String field = e.path("valueFrom").path("fieldRef").path("fieldPath").asText();
                env.put(name, fieldValues.getOrDefault(field, "field-" + field));
            } else if (e.path("valueFrom").has("secretKeyRef")) {
                env.put(name, "secret-value");
            }
        }
        List<String> args = new ArrayList<>();
        for (JsonNode a : container.path("args")) {
            Matcher m = VARIABLE.matcher(a.asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = env.get(m.group(1));
                if (value == null) {
                    throw new AssertionError(
                            "argument " + a.asText() + " names $(" + m.group(1) + "), not in env");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            args.add(out.toString());
        }
        return args.toArray(String[]::new);
    }

    /** The containerPort of the named port. */
    static int containerPort(JsonNode container, String portName) {
        for (JsonNode p : container.path("ports")) {
            if (portName.equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError(container.path("name").asText() + " has no port " + portName);
    }

    /** The probes (startup, readiness, liveness) of a container that it defines. */
    static List<JsonNode> probes(JsonNode container) {
        List<JsonNode> probes = new ArrayList<>();
        for (String kind : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            if (container.has(kind)) {
                probes.add(container.get(kind));
            }
        }
        return probes;
    }
}
