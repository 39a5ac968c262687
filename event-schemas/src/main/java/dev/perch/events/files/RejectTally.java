package dev.perch.events.files;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Counts rejected lines per reason and keeps the first few as examples for the summary. */
public final class RejectTally {
    private final Map<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
    private final List<RejectedLine> examples = new ArrayList<>();
    private final int maxExamples;
    private long total;

    /** A tally that keeps up to {@code maxExamples} examples. */
    public RejectTally(int maxExamples) {
        this.maxExamples = maxExamples;
    }

    /** Counts one rejected line. */
    public void add(RejectedLine line) {
        counts.merge(line.reason(), 1L, Long::sum);
        total++;
        if (examples.size() < maxExamples) {
            examples.add(line);
        }
    }

    /** All rejected lines. */
    public long total() {
        return total;
    }

    /** Rejected lines of one reason. */
    public long count(RejectReason reason) {
        return counts.getOrDefault(reason, 0L);
    }

    /** The counts, by reason, in enum order. */
    public Map<RejectReason, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** The first rejected lines, in file order. */
    public List<RejectedLine> examples() {
        return List.copyOf(examples);
    }

    /** E.g. {@code 8 WRONG_FIELD_COUNT, 4 BAD_TIMESTAMP}; empty when nothing was rejected. */
    public String byReason() {
        return counts.entrySet().stream()
                .map(e -> String.format(Locale.US, "%,d %s", e.getValue(), e.getKey()))
                .collect(Collectors.joining(", "));
    }
}
