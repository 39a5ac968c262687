package dev.perch.access;

import java.time.Clock;

/**
 * Decides whether a request may read one shopper's state or recommendations: a server-side read key
 * (a storefront back end) may read any user; a user token (a browser) only the user it names. With
 * neither configured, {@link #open()} lets everything through: only for a server bound to loopback,
 * which the model server enforces.
 */
public final class ReadAccess {

    /** Header carrying a server-side read key. */
    public static final String KEY_HEADER = "X-Perch-Api-Key";

    /** Cookie carrying a user token, for EventSource (which cannot set headers). */
    public static final String TOKEN_COOKIE = "perch_token";

    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;
    private final UserTokens tokens;
    private final Clock clock;
    private final boolean open;

    public ReadAccess(ApiKeys keys, UserTokens tokens, Clock clock) {
        this(keys, tokens, clock, false);
    }

    private ReadAccess(ApiKeys keys, UserTokens tokens, Clock clock, boolean open) {
        this.keys = keys;
        this.tokens = tokens;
        this.clock = clock;
        this.open = open;
    }

    /** No check at all (a server reachable from loopback only, as in {@code bin/perch local}). */
    public static ReadAccess open() {
        return new ReadAccess(ApiKeys.none(), UserTokens.none(), Clock.systemUTC(), true);
    }

    /** Whether every read passes unchecked. */
    public boolean isOpen() {
        return open;
    }

    /** Whether a server-side key is configured. */
    public boolean hasKeys() {
        return !keys.isEmpty();
    }

    /** The tokens this server accepts. */
    public UserTokens tokens() {
        return tokens;
    }

    /** The verdict on one request. */
    public record Verdict(int status, String reason) {
        static final Verdict ALLOWED = new Verdict(200, "allowed");

        /** Whether the request may go on. */
        public boolean allowed() {
            return status == 200;
        }
    }

    /**
     * Decides for a request that wants {@code userId}'s data.
     *
     * @param apiKey the {@link #KEY_HEADER} value, or null
     * @param authorization the {@code Authorization} header, or null
     * @param tokenCookie the {@link #TOKEN_COOKIE} cookie, or null
     */
    public Verdict decide(String userId, String apiKey, String authorization, String tokenCookie) {
        if (open) {
            return Verdict.ALLOWED;
        }
        if (apiKey != null) {
            return keys.contains(apiKey) ? Verdict.ALLOWED : new Verdict(401, "unknown API key");
        }
        String token =
                authorization != null && authorization.startsWith(BEARER)
                        ? authorization.substring(BEARER.length()).strip()
                        : tokenCookie;
        if (token == null) {
            return new Verdict(
                    401,
                    "reading a user's data needs an API key ("
                            + KEY_HEADER
                            + ") or a user token (Authorization: Bearer)");
        }
        UserTokens.Check check = tokens.verify(token, clock.instant());
        if (check instanceof UserTokens.Check.Refused refused) {
            return new Verdict(401, refused.reason());
        }
        String tokenUser = ((UserTokens.Check.Valid) check).userId();
        return tokenUser.equals(userId)
                ? Verdict.ALLOWED
                : new Verdict(403, "the token is for another user");
    }

    /**
     * Decides for one HTTP request on {@code /v1/users/{id}[/...]}: a DELETE needs a server-side
     * key ({@link #decideAdmin}), any other method a key or a token for that very user ({@link
     * #decide}); a path naming no user is a 404.
     *
     * @param method the HTTP method
     * @param rawPath the request path as sent (percent-encoded)
     */
    public Verdict decideRequest(
            String method, String rawPath, String apiKey, String authorization, String cookie) {
        String userId = userOf(rawPath);
        if (userId == null) {
            return new Verdict(404, "no such resource");
        }
        return "DELETE".equals(method)
                ? decideAdmin(apiKey)
                : decide(userId, apiKey, authorization, cookie);
    }

    /** The decoded user id of {@code /v1/users/{id}[/...]}, or null. */
    public static String userOf(String rawPath) {
        String prefix = "/v1/users/";
        if (rawPath == null || !rawPath.startsWith(prefix)) {
            return null;
        }
        String rest = rawPath.substring(prefix.length());
        int slash = rest.indexOf('/');
        String raw = slash < 0 ? rest : rest.substring(0, slash);
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return java.net.URLDecoder.decode(
                    raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether a request may act on every user (DELETE): only a server-side key may. */
    public Verdict decideAdmin(String apiKey) {
        if (open) {
            return Verdict.ALLOWED;
        }
        if (apiKey == null) {
            return new Verdict(401, "this needs a server-side API key (" + KEY_HEADER + ")");
        }
        return keys.contains(apiKey) ? Verdict.ALLOWED : new Verdict(401, "unknown API key");
    }
}
