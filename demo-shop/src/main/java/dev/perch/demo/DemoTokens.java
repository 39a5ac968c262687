package dev.perch.demo;

import dev.perch.access.ReadAccess;
import dev.perch.access.UserTokens;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The demo shop's own back end: {@code POST /demo/token?user=ID} mints a user token for the shopper
 * the demo page shows and sets it as an HttpOnly cookie, which the page's fetch and EventSource
 * then carry to {@code /v1/users/ID/*}. A real storefront does the same for its logged-in shopper
 * only; the demo mints for any shopper, so it is served only with the demo (never with --no-demo).
 */
public final class DemoTokens implements Handler {

    /** Where the demo page asks for a token. */
    public static final String PATH = "/demo/token";

    private static final Duration LIFETIME = Duration.ofMinutes(15);

    private final UserTokens tokens;
    private final Clock clock;

    public DemoTokens(UserTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public void handle(Context ctx) {
        String user = ctx.queryParam("user");
        if (user == null || user.isBlank() || user.length() > 256) {
            ctx.status(400).json(Map.of("error", "user=ID is required"));
            return;
        }
        Duration lifetime =
                LIFETIME.compareTo(tokens.maxLifetime()) < 0 ? LIFETIME : tokens.maxLifetime();
        String token = tokens.mint(user, clock.instant(), lifetime);
        Cookie cookie = new Cookie(ReadAccess.TOKEN_COOKIE, token);
        cookie.setPath("/v1/users/");
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setMaxAge((int) lifetime.toSeconds());
        ctx.cookie(cookie);
        ctx.json(Map.of("user", user, "expiresInSeconds", lifetime.toSeconds()));
    }
}
