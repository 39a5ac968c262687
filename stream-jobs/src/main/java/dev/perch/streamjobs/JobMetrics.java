package dev.perch.streamjobs;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.MetricGroup;

/** The metric group every Perch operator registers under, so dashboards find them in one place. */
public final class JobMetrics {
    private JobMetrics() {}

    public static MetricGroup group(RuntimeContext context) {
        return context.getMetricGroup().addGroup("perch");
    }
}
