package dev.perch.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;

/**
 * A set of API keys (write keys of sites, or server-side read keys of storefront back ends),
 * compared in constant time so that response times reveal nothing about a key. Several keys may be
 * valid at once, which is how a key is rotated: add the new one, move the clients, drop the old.
 */
public final class ApiKeys {

    private final List<byte[]> keys;

    public ApiKeys(Collection<String> keys) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** No key at all. */
    public static ApiKeys none() {
        return new ApiKeys(List.of());
    }

    /** Whether no key is configured. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** Whether {@code presented} (possibly null) is one of the keys. */
    public boolean contains(String presented) {
        if (presented == null || keys.isEmpty()) {
            return false;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match;
    }

    /**
     * A short, non-reversible name of {@code key} for logs and rate-limit buckets (the first 12 hex
     * digits of its SHA-256), so that a key itself is never logged.
     */
    public static String fingerprint(String key) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(key.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
