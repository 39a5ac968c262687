package dev.perch.eval.method;

import dev.perch.eval.data.Interaction;
import java.util.ArrayList;
import java.util.List;

/** Planted click streams for method tests: sessions that always go a, b, c. */
final class Planted {
    private Planted() {}

    /** {@code sessions} sessions a, b, c plus noise sessions x, y; one minute between clicks. */
    static List<Interaction> abc(int sessions) {
        List<Interaction> events = new ArrayList<>();
        long t = 1_600_000_000_000L;
        for (int s = 0; s < sessions; s++) {
            String id = "s" + s;
            for (String item : List.of("a", "b", "c")) {
                events.add(Interaction.click(id, item, t += 60_000));
            }
            String noise = "n" + s;
            for (String item : List.of("x", "y", "x")) {
                events.add(Interaction.click(noise, item, t += 60_000));
            }
        }
        return events;
    }

    /** Feeds {@code events} to {@code method} as the harness does (learn, track, fit). */
    static void train(Method method, List<Interaction> events) {
        java.util.Map<String, List<String>> history = new java.util.HashMap<>();
        for (Interaction e : events) {
            List<String> before = history.computeIfAbsent(e.session(), k -> new ArrayList<>());
            List<String> context =
                    List.copyOf(
                            before.subList(
                                    Math.max(0, before.size() - Method.CONTEXT), before.size()));
            method.learn(e, context);
            method.track(e);
            before.add(e.item());
        }
        method.fit();
    }
}
