package dev.perch.eval.protocol;

import dev.perch.eval.metrics.RankingMetrics;
import dev.perch.eval.metrics.Timeline;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one method scored under one protocol: metrics per scope ("all", "new-to-user", "sampled",
 * "period 3", ...), the catalogue size coverage is computed against, the users tested, the HR@10
 * timeline and the wall time.
 */
public final class MethodRun {
    private final String method;
    private final Map<String, RankingMetrics> scopes = new LinkedHashMap<>();
    private final Map<String, Long> usersByScope = new LinkedHashMap<>();
    private int catalogueSize;
    private Timeline timeline = new Timeline(java.util.List.of(), java.util.List.of());
    private double seconds;

    public MethodRun(String method) {
        this.method = method;
    }

    public String method() {
        return method;
    }

    /** The metrics of {@code scope}, created empty on first use. */
    public RankingMetrics scope(String scope) {
        return scopes.computeIfAbsent(scope, s -> new RankingMetrics());
    }

    public Map<String, RankingMetrics> scopes() {
        return scopes;
    }

    public void users(String scope, long users) {
        usersByScope.put(scope, users);
    }

    public long users(String scope) {
        return usersByScope.getOrDefault(scope, 0L);
    }

    public int catalogueSize() {
        return catalogueSize;
    }

    public void catalogueSize(int size) {
        this.catalogueSize = size;
    }

    public Timeline timeline() {
        return timeline;
    }

    public void timeline(Timeline timeline) {
        this.timeline = timeline;
    }

    public double seconds() {
        return seconds;
    }

    public void seconds(double seconds) {
        this.seconds = seconds;
    }
}
