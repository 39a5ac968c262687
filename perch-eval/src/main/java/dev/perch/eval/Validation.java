package dev.perch.eval;

import dev.perch.eval.data.Interaction;
import dev.perch.eval.protocol.LeaveOneOut;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validation data carved from a protocol's own training part, so settings are chosen without ever
 * looking at its test targets: prequential keeps only the warm-up events and tests the last 20% of
 * them (test-then-learn, as the real run does); continual cuts period 0 into {@link #SUB_PERIODS}
 * consecutive sub-periods of whole sessions (in file order) and runs the continual protocol on
 * them; leave-one-out drops each user's last item (the test target) and runs the protocol on the
 * rest, so each user's second-to-last item is the target (the recipe of SASRec and its successors).
 */
final class Validation {
    /** The share of the training part that only trains in prequential validation. */
    static final double WARM_UP = 0.8;

    /** Sub-periods period 0 is cut into for continual validation. */
    static final int SUB_PERIODS = 5;

    private Validation() {}

    /** The warm-up events of a prequential run (the events before its first target). */
    static List<Interaction> prequentialTrainingPart(List<Interaction> events, double warmUp) {
        return List.copyOf(events.subList(0, (int) Math.round(events.size() * warmUp)));
    }

    /** The events without each user's last one: leave-one-out's training part. */
    static List<Interaction> leaveOneOutTrainingPart(List<Interaction> events) {
        return new LeaveOneOut(events).training();
    }

    /** Period 0 as {@link #SUB_PERIODS} periods of whole sessions, in order. */
    static List<List<Interaction>> continualTrainingPart(List<List<Interaction>> periods) {
        Map<String, List<Interaction>> sessions = new LinkedHashMap<>();
        for (Interaction e : periods.get(0)) {
            sessions.computeIfAbsent(e.user(), u -> new ArrayList<>()).add(e);
        }
        List<List<Interaction>> cut = new ArrayList<>();
        int perPeriod = Math.max(1, (sessions.size() + SUB_PERIODS - 1) / SUB_PERIODS);
        List<Interaction> current = new ArrayList<>();
        int inCurrent = 0;
        for (List<Interaction> session : sessions.values()) {
            current.addAll(session);
            if (++inCurrent == perPeriod) {
                cut.add(current);
                current = new ArrayList<>();
                inCurrent = 0;
            }
        }
        if (!current.isEmpty()) {
            cut.add(current);
        }
        return cut;
    }
}
