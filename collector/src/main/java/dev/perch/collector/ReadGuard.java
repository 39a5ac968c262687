package dev.perch.collector;

import dev.perch.access.ReadAccess;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * The check in front of {@code /v1/users/{id}/*} on the collector: a request passes with a
 * server-side read key, or with a user token (header or cookie) naming the very user in the path;
 * anything else ends here with 401 or 403 and never reaches the model server.
 */
final class ReadGuard implements Handler {

    private final ReadAccess access;
    private final CollectorMetrics metrics;

    ReadGuard(ReadAccess access, CollectorMetrics metrics) {
        this.access = access;
        this.metrics = metrics;
    }

    @Override
    public void handle(Context ctx) {
        ReadAccess.Verdict verdict =
                access.decideRequest(
                        ctx.req().getMethod(),
                        ctx.req().getRequestURI(),
                        ctx.header(ReadAccess.KEY_HEADER),
                        ctx.header("Authorization"),
                        ctx.cookie(ReadAccess.TOKEN_COOKIE));
        if (verdict.allowed()) {
            return;
        }
        metrics.refused(verdict.status());
        if (verdict.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"perch\"");
        }
        ctx.status(verdict.status()).json(Map.of("error", verdict.reason()));
        ctx.skipRemainingHandlers();
    }
}
