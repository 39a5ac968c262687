package dev.perch.collector;

import dev.perch.access.ApiKeys;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configured write keys (one per site), each optionally limited to the origins of its site's
 * pages. A key is public (it ships in the tracker), so the origin limit is what stops another site
 * from posting with it from its visitors' browsers. An entry is {@code key} or {@code key
 * https://shop.example https://www.shop.example}; with no entry at all, no key is required.
 */
public final class WriteKeys {

    /** Request header carrying the key (never a query parameter: URLs end up in access logs). */
    public static final String HEADER = "X-Perch-Write-Key";

    private final ApiKeys keys;
    private final Map<String, Set<String>> origins = new HashMap<>();

    /** Parses entries of the form {@code key [origin ...]}. */
    public WriteKeys(Collection<String> entries) {
        List<String[]> parsed = entries.stream().map(e -> e.strip().split("\\s+")).toList();
        this.keys = new ApiKeys(parsed.stream().map(p -> p[0]).toList());
        for (String[] p : parsed) {
            if (p.length > 1) {
                origins.put(p[0], Set.of(java.util.Arrays.copyOfRange(p, 1, p.length)));
            }
        }
    }

    /** Whether a key must be presented. */
    public boolean required() {
        return !keys.isEmpty();
    }

    /** Whether {@code presented} (possibly null) is one of the keys, or none is required. */
    public boolean accepts(String presented) {
        return !required() || keys.contains(presented);
    }

    /**
     * Whether a request from {@code origin} (the Origin header; null for a server-side sender) may
     * use {@code key}: a key without an origin list may be used from anywhere.
     */
    public boolean allowsOrigin(String key, String origin) {
        if (key == null || origin == null) {
            return true;
        }
        Set<String> allowed = origins.get(key);
        return allowed == null || allowed.contains(origin);
    }
}
