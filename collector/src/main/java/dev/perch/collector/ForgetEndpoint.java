package dev.perch.collector;

import dev.perch.access.ReadAccess;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DELETE /v1/users/{id}} (a server-side key, checked by {@link ReadGuard}): the right to be
 * forgotten. It writes a forget request to the events topic and answers 202 once Kafka has it; the
 * stream jobs clear the user's state and tombstone perch.user-state, the model server drops the
 * user from its stores and tombstones perch.recommendations.
 */
final class ForgetEndpoint implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(ForgetEndpoint.class);

    private final KafkaEventWriter writer;
    private final Duration timeout;

    ForgetEndpoint(KafkaEventWriter writer, Duration timeout) {
        this.writer = writer;
        this.timeout = timeout;
    }

    @Override
    public void handle(Context ctx) {
        String user = ReadAccess.userOf(ctx.req().getRequestURI());
        ctx.future(
                () ->
                        writer.forget(user)
                                .orTimeout(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS)
                                .handle(
                                        (metadata, error) -> {
                                            if (error == null) {
                                                LOG.info(
                                                        "Forget request for a user written to"
                                                                + " {}-{}@{}",
                                                        metadata.topic(),
                                                        metadata.partition(),
                                                        metadata.offset());
                                                ctx.status(202)
                                                        .json(
                                                                Map.of(
                                                                        "user",
                                                                        user,
                                                                        "status",
                                                                        "forgetting"));
                                            } else {
                                                ctx.header("Retry-After", "1")
                                                        .status(503)
                                                        .json(
                                                                Map.of(
                                                                        "error",
                                                                        "Kafka did not acknowledge"
                                                                                + " the forget"
                                                                                + " request; send"
                                                                                + " it again"));
                                            }
                                            return null;
                                        }));
    }
}
