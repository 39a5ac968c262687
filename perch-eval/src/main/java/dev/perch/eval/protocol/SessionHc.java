package dev.perch.eval.protocol;

import dev.perch.eval.data.Interaction;
import dev.perch.events.EventType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The GRU4Rec authors' RetailRocket protocol ("session-hc"): sessions cut on a visitor change or a
 * gap over 1 hour using all event types, then views only, consecutive duplicates dropped, sessions
 * of length 1 and items with fewer than 5 events dropped repeatedly until stable; split at {@code t
 * - 7 days}: sessions starting at or after it are test sessions, training events are those before
 * it; test events whose item is not in training are dropped, then test sessions shorter than 2.
 */
public final class SessionHc {
    /** The published split time t (2015-09-18 03:00 UTC) in epoch milliseconds. */
    public static final long SPLIT_MILLIS = 1442545200000L;

    /** The session gap. */
    public static final long GAP_MILLIS = 3_600_000L;

    /** The test period before t. */
    public static final long TEST_MILLIS = 7 * 86_400_000L;

    private SessionHc() {}

    /** The filtered sessions before the split (filtering until stable). */
    public static List<List<Interaction>> filtered(List<Interaction> events) {
        List<List<Interaction>> sessions =
                Sessions.dropConsecutiveDuplicates(
                        Sessions.only(Sessions.cut(events, GAP_MILLIS), EventType.VIEW));
        while (true) {
            List<List<Interaction>> next =
                    Sessions.minItemSupport(Sessions.minLength(sessions, 2), 5);
            if (next.equals(sessions)) {
                return next;
            }
            sessions = next;
        }
    }

    /** The split of {@code events} at {@code splitMillis} ({@link #SPLIT_MILLIS} for the paper). */
    public static SessionSplit split(List<Interaction> events, long splitMillis) {
        long testStart = splitMillis - TEST_MILLIS;
        List<Interaction> training = new ArrayList<>();
        List<List<Interaction>> candidates = new ArrayList<>();
        for (List<Interaction> s : filtered(events)) {
            if (s.get(0).time() >= testStart) {
                candidates.add(s);
            } else {
                s.stream().filter(e -> e.time() < testStart).forEach(training::add);
            }
        }
        Set<String> known = new HashSet<>();
        training.forEach(e -> known.add(e.item()));
        List<List<Interaction>> test = new ArrayList<>();
        for (List<Interaction> s : candidates) {
            List<Interaction> kept = s.stream().filter(e -> known.contains(e.item())).toList();
            if (kept.size() >= 2) {
                test.add(kept);
            }
        }
        return new SessionSplit(Sessions.flatten(List.of(training)), Sessions.byStart(test));
    }
}
