package dev.perch.eval;

import java.util.function.Predicate;

/**
 * A deterministic sample of users (or sessions) by a seeded hash of the id: the same ids for every
 * method and every run with the same seed and share.
 */
public final class UserSample {
    private UserSample() {}

    /** Accepts about {@code share} of all ids; everything when {@code share >= 1}. */
    public static Predicate<String> of(double share, long seed) {
        if (share >= 1) {
            return id -> true;
        }
        return id -> {
            long h = id.hashCode() * 0x9E3779B97F4A7C15L + seed;
            h ^= h >>> 29;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 32;
            return (h & 0xFFFFFF) / (double) 0x1000000 < share;
        };
    }
}
