package dev.perch.collector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * The configured write keys (one per site). When none is configured every request passes; otherwise
 * a request must present one, compared in constant time so timing reveals nothing.
 */
public final class WriteKeys {

    /** Request header carrying the key. */
    public static final String HEADER = "X-Perch-Write-Key";

    /** Query parameter carrying the key, for navigator.sendBeacon which cannot set headers. */
    public static final String QUERY_PARAMETER = "writeKey";

    private final List<byte[]> keys;

    public WriteKeys(Set<String> keys) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Whether a key must be presented. */
    public boolean required() {
        return !keys.isEmpty();
    }

    /** Whether {@code presented} (possibly null) is one of the keys, or none is required. */
    public boolean accepts(String presented) {
        if (!required()) {
            return true;
        }
        if (presented == null) {
            return false;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match;
    }
}
