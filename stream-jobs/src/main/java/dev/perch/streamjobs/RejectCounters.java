package dev.perch.streamjobs;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** One {@code deadLetters} counter per {@link RejectReason}, labelled {@code reason}. */
public final class RejectCounters {
    private final Map<RejectReason, Counter> counters = new EnumMap<>(RejectReason.class);

    public RejectCounters(MetricGroup group) {
        for (RejectReason reason : RejectReason.values()) {
            counters.put(reason, group.addGroup("reason", reason.name()).counter("deadLetters"));
        }
    }

    public void inc(RejectReason reason) {
        counters.get(reason).inc();
    }
}
