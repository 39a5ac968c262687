package dev.perch.eval.protocol;

import dev.perch.eval.data.Interaction;
import java.util.List;

/**
 * A session protocol's split: training sessions (their events, in time order) and test sessions
 * (each a list of at least two events, in order).
 *
 * @param training training events in time order, each carrying its session id
 * @param test test sessions in order of their first event
 */
public record SessionSplit(List<Interaction> training, List<List<Interaction>> test) {
    /** How many targets the test holds (every event after a session's first). */
    public long targets() {
        return test.stream().mapToLong(s -> s.size() - 1).sum();
    }
}
