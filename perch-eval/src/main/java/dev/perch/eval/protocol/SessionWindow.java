package dev.perch.eval.protocol;

import dev.perch.eval.data.Interaction;
import dev.perch.events.EventType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The session-rec RetailRocket protocol (Ludewig, Latifi, Jannach et al. 2021): 30-minute session
 * gap, views only, no duplicate removal, one filtering pass (sessions longer than 1, items with at
 * least 5 events, sessions of at least 2); then {@link #WINDOWS} windows, window i starting {@code
 * i * 27} days after the first event, each 25 training days and 2 test days, sessions assigned by
 * their last event's time (a session belongs to a window when its end is inside it; training when
 * it ends before the test days start); test events whose item is not in the window's training are
 * dropped, then test sessions shorter than 2.
 */
public final class SessionWindow {
    public static final long GAP_MILLIS = 30 * 60_000L;
    public static final int WINDOWS = 5;
    public static final long DAY = 86_400_000L;
    public static final long SHIFT = 27 * DAY;
    public static final long TRAIN = 25 * DAY;
    public static final long TEST = 2 * DAY;

    private SessionWindow() {}

    /** The sessions after the one filtering pass. */
    public static List<List<Interaction>> filtered(List<Interaction> events) {
        List<List<Interaction>> sessions =
                Sessions.only(Sessions.cut(events, GAP_MILLIS), EventType.VIEW);
        sessions = Sessions.minLength(sessions, 2);
        sessions = Sessions.minItemSupport(sessions, 5);
        return Sessions.minLength(sessions, 2);
    }

    /** The {@link #WINDOWS} splits of {@code events}. */
    public static List<SessionSplit> windows(List<Interaction> events) {
        List<List<Interaction>> sessions = filtered(events);
        long first = sessions.stream().mapToLong(s -> s.get(0).time()).min().orElse(0);
        List<SessionSplit> windows = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            long start = first + w * SHIFT;
            long middle = start + TRAIN;
            long end = middle + TEST;
            List<List<Interaction>> train = new ArrayList<>();
            List<List<Interaction>> test = new ArrayList<>();
            for (List<Interaction> s : sessions) {
                long last = s.get(s.size() - 1).time();
                if (last < start || last > end) {
                    continue;
                }
                (last < middle ? train : test).add(s);
            }
            Set<String> known = new HashSet<>();
            train.forEach(s -> s.forEach(e -> known.add(e.item())));
            List<List<Interaction>> kept = new ArrayList<>();
            for (List<Interaction> s : test) {
                List<Interaction> k = s.stream().filter(e -> known.contains(e.item())).toList();
                if (k.size() >= 2) {
                    kept.add(k);
                }
            }
            windows.add(new SessionSplit(Sessions.flatten(train), Sessions.byStart(kept)));
        }
        return windows;
    }
}
