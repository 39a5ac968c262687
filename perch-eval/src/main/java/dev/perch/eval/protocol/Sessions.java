package dev.perch.eval.protocol;

import dev.perch.eval.data.Interaction;
import dev.perch.events.EventType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cutting click streams into sessions and the filters session protocols apply. */
public final class Sessions {
    private Sessions() {}

    /**
     * Sorts by (user, time, item) and cuts a new session on a user change or a gap over {@code
     * maxGapMillis}; session ids are {@code user#n} and become the user of each event too (session
     * protocols know nothing across sessions).
     */
    public static List<List<Interaction>> cut(List<Interaction> events, long maxGapMillis) {
        List<Interaction> sorted = new ArrayList<>(events);
        sorted.sort(
                Comparator.comparing(Interaction::user)
                        .thenComparingLong(Interaction::time)
                        .thenComparing(Interaction::item));
        List<List<Interaction>> sessions = new ArrayList<>();
        List<Interaction> current = null;
        Interaction previous = null;
        for (Interaction e : sorted) {
            if (previous == null
                    || !previous.user().equals(e.user())
                    || e.time() - previous.time() > maxGapMillis) {
                current = new ArrayList<>();
                sessions.add(current);
            }
            String id = e.user() + "#" + sessions.size();
            current.add(new Interaction(id, id, e.item(), e.type(), e.time(), e.value()));
            previous = e;
        }
        return sessions;
    }

    /** Keeps only the events of {@code type}; sessions left empty disappear. */
    public static List<List<Interaction>> only(List<List<Interaction>> sessions, EventType type) {
        List<List<Interaction>> kept = new ArrayList<>();
        for (List<Interaction> s : sessions) {
            List<Interaction> k = s.stream().filter(e -> e.type() == type).toList();
            if (!k.isEmpty()) {
                kept.add(k);
            }
        }
        return kept;
    }

    /** Drops an event when the one before it in the same session has the same item. */
    public static List<List<Interaction>> dropConsecutiveDuplicates(
            List<List<Interaction>> sessions) {
        List<List<Interaction>> kept = new ArrayList<>();
        for (List<Interaction> s : sessions) {
            List<Interaction> k = new ArrayList<>();
            for (Interaction e : s) {
                if (k.isEmpty() || !k.get(k.size() - 1).item().equals(e.item())) {
                    k.add(e);
                }
            }
            kept.add(k);
        }
        return kept;
    }

    /** Drops sessions shorter than {@code minLength}. */
    public static List<List<Interaction>> minLength(List<List<Interaction>> sessions, int min) {
        return sessions.stream().filter(s -> s.size() >= min).toList();
    }

    /** Drops events whose item has fewer than {@code min} events in {@code sessions}. */
    public static List<List<Interaction>> minItemSupport(
            List<List<Interaction>> sessions, int min) {
        Map<String, Integer> support = new HashMap<>();
        sessions.forEach(s -> s.forEach(e -> support.merge(e.item(), 1, Integer::sum)));
        List<List<Interaction>> kept = new ArrayList<>();
        for (List<Interaction> s : sessions) {
            List<Interaction> k = s.stream().filter(e -> support.get(e.item()) >= min).toList();
            if (!k.isEmpty()) {
                kept.add(k);
            }
        }
        return kept;
    }

    /** Sessions sharing a user, in order, as one time-ordered event list. */
    public static List<Interaction> flatten(List<List<Interaction>> sessions) {
        List<Interaction> events = new ArrayList<>();
        sessions.forEach(events::addAll);
        events.sort(Comparator.comparingLong(Interaction::time));
        return events;
    }

    /** Sessions sorted by their first event's time (then id). */
    public static List<List<Interaction>> byStart(List<List<Interaction>> sessions) {
        List<List<Interaction>> sorted = new ArrayList<>(sessions);
        sorted.sort(
                Comparator.<List<Interaction>>comparingLong(s -> s.get(0).time())
                        .thenComparing(s -> s.get(0).session()));
        return sorted;
    }

    /** Groups events by their session id, keeping order. */
    public static List<List<Interaction>> bySession(List<Interaction> events) {
        Map<String, List<Interaction>> map = new LinkedHashMap<>();
        events.forEach(e -> map.computeIfAbsent(e.session(), k -> new ArrayList<>()).add(e));
        return new ArrayList<>(map.values());
    }
}
