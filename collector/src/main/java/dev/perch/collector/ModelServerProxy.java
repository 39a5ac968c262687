package dev.perch.collector;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards {@code GET /v1/users/*} (once {@link ReadGuard} let the request through) to the model
 * server so the demo page talks to one origin. JSON answers are copied through; a {@code
 * text/event-stream} answer (the live recommendations) is streamed chunk by chunk with a flush
 * after each, until either side hangs up.
 */
final class ModelServerProxy implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(ModelServerProxy.class);
    private static final String EVENT_STREAM = "text/event-stream";

    private final URI base;
    private final String apiKey;
    private final HttpClient client;

    /**
     * A proxy to {@code base} (e.g. {@code http://localhost:8080}); null answers 503. {@code
     * apiKey}, when not null, is shown to the model server; the caller's own credentials never are.
     */
    ModelServerProxy(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
        this.client =
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
    }

    @Override
    public void handle(Context ctx) throws Exception {
        if (base == null) {
            error(ctx, 503, "no model server configured (start the collector with --model-server)");
            return;
        }
        String query = ctx.queryString();
        URI target =
                URI.create(
                        base.toString().replaceAll("/+$", "")
                                + ctx.req().getRequestURI()
                                + (query == null ? "" : "?" + query));
        String accept = ctx.header("Accept");
        HttpRequest.Builder request = HttpRequest.newBuilder(target).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (apiKey != null) {
            request.header(dev.perch.access.ReadAccess.KEY_HEADER, apiKey);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            LOG.warn("Model server {} unreachable: {}", base, e.toString());
            error(ctx, 502, "the model server did not answer: " + e.getMessage());
            return;
        }
        String contentType =
                response.headers().firstValue("Content-Type").orElse("application/json");
        if (contentType.startsWith(EVENT_STREAM)) {
            stream(ctx, response);
        } else {
            ctx.status(response.statusCode()).contentType(contentType).result(response.body());
        }
    }

    private static void stream(Context ctx, HttpResponse<InputStream> response) throws IOException {
        HttpServletResponse res = ctx.res();
        res.setStatus(response.statusCode());
        res.setContentType(EVENT_STREAM);
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        res.flushBuffer();
        byte[] buffer = new byte[8192];
        try (InputStream upstream = response.body()) {
            OutputStream out = res.getOutputStream();
            int n;
            while ((n = upstream.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // The browser went away (or the model server did): closing upstream ends both sides.
            LOG.debug("Event stream proxy ended: {}", e.toString());
        }
    }

    private static void error(Context ctx, int status, String reason) {
        ctx.status(status)
                .contentType("application/json")
                .result(
                        "{\"error\":"
                                + com.fasterxml.jackson.databind.node.TextNode.valueOf(reason)
                                + "}");
    }
}
