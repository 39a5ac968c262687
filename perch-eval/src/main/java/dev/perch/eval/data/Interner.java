package dev.perch.eval.data;

import java.util.HashMap;
import java.util.Map;

/** Shares one String instance per distinct id, so millions of events hold few distinct strings. */
public final class Interner {
    private final Map<String, String> values = new HashMap<>();

    /** The shared instance equal to {@code value}. */
    public String intern(String value) {
        String known = values.putIfAbsent(value, value);
        return known == null ? value : known;
    }
}
