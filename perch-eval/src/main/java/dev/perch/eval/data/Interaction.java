package dev.perch.eval.data;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import java.time.Instant;
import java.util.Objects;

/**
 * One replayed event as the harness needs it: who (user, and the session for anonymous streams),
 * what item, which event type and when; converted to a {@link ClickEvent} for Perch's own code.
 *
 * @param user the user (the session id itself for anonymous session datasets)
 * @param session the session, equal to the user where the dataset has no sessions
 * @param item the item acted on
 * @param type the event type
 * @param time event time in epoch milliseconds (synthetic where the dataset has none, see the
 *     loader)
 * @param value the rating of a RATE event (Perch weighs a rating by its stars), else null
 */
public record Interaction(
        String user, String session, String item, EventType type, long time, Double value) {
    public Interaction {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(type, "type");
    }

    /** An event without a value. */
    public Interaction(String user, String session, String item, EventType type, long time) {
        this(user, session, item, type, time, null);
    }

    /** A view-like event where user and session are the same. */
    public static Interaction click(String session, String item, long time) {
        return new Interaction(session, session, item, EventType.CLICK, time);
    }

    /** The event as Perch's decision logic receives it. */
    public ClickEvent toClickEvent() {
        return new ClickEvent(
                user + ":" + time + ":" + item,
                user,
                session,
                type,
                item,
                null,
                value,
                Instant.ofEpochMilli(time),
                null,
                null);
    }
}
