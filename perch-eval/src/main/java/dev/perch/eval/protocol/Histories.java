package dev.perch.eval.protocol;

import dev.perch.eval.method.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every user's (or session's) items so far, oldest first, as the harness replays a stream. */
final class Histories {
    private final Map<String, List<String>> byKey = new HashMap<>();

    /** The items of {@code key} so far (empty list when none); do not modify. */
    List<String> of(String key) {
        List<String> list = byKey.get(key);
        return list == null ? List.of() : list;
    }

    /** A copy of the last {@link Method#CONTEXT} items of {@code key}. */
    List<String> context(String key) {
        List<String> list = of(key);
        return List.copyOf(list.subList(Math.max(0, list.size() - Method.CONTEXT), list.size()));
    }

    /** Appends {@code item} to {@code key}'s items. */
    void add(String key, String item) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>(4)).add(item);
    }
}
