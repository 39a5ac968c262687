package dev.perch.events.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /health} of the collector and the model server answers: the worst of the checks
 * (broker reachability, the feature-store updater, the model, ...) with each check's details, and
 * 503 when the process cannot do its job, so load balancers and {@code bin/perch local} act on it.
 */
public record HealthReport(HealthStatus status, List<Check> checks) {

    /** One check: a name, its status and a short detail for operators. */
    public record Check(String name, HealthStatus status, String detail) {
        public static Check up(String name, String detail) {
            return new Check(name, HealthStatus.UP, detail);
        }

        public static Check degraded(String name, String detail) {
            return new Check(name, HealthStatus.DEGRADED, detail);
        }

        public static Check down(String name, String detail) {
            return new Check(name, HealthStatus.DOWN, detail);
        }
    }

    public HealthReport {
        checks = List.copyOf(checks);
    }

    /** The report whose status is the worst of {@code checks}. */
    public static HealthReport of(List<Check> checks) {
        HealthStatus worst = HealthStatus.UP;
        for (Check check : checks) {
            worst = worst.worst(check.status());
        }
        return new HealthReport(worst, checks);
    }

    /** 503 when DOWN, else 200 (DEGRADED still serves). */
    public int httpStatus() {
        return status == HealthStatus.DOWN ? 503 : 200;
    }

    /** {@code {"status": ..., "checks": {name: {"status": ..., "detail": ...}}}} plus extras. */
    public Map<String, Object> toMap(Map<String, Object> extras) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status.name());
        Map<String, Object> byName = new LinkedHashMap<>();
        for (Check check : checks) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("status", check.status().name());
            one.put("detail", check.detail());
            byName.put(check.name(), one);
        }
        body.put("checks", byName);
        body.putAll(extras);
        return body;
    }
}
