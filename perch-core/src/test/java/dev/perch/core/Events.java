package dev.perch.core;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Test fixtures: named instants and event factories. */
final class Events {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-03-10T00:00:00Z");
    static final Duration HALF_LIFE = Duration.ofHours(1);

    private static long sequence;

    private Events() {}

    static ClickEvent event(String user, EventType type, String item, Instant time) {
        return event(user, type, item, time, null);
    }

    static ClickEvent event(String user, EventType type, String item, Instant time, Double value) {
        return ClickEvent.newBuilder()
                .setEventId(new UUID(0, ++sequence).toString())
                .setUserId(user)
                .setType(type)
                .setItemId(item)
                .setQuery(type == EventType.SEARCH ? "shoes" : null)
                .setValue(value)
                .setEventTime(time)
                .setReceivedTime(time.plusMillis(5))
                .build();
    }

    static EnrichedEvent enriched(EventType type, String item, Instant time, float... embedding) {
        return new EnrichedEvent(event("u1", type, item, time), embedding, null);
    }

    static EnrichedEvent enriched(
            EventType type, String item, String category, Instant time, float... embedding) {
        return new EnrichedEvent(event("u1", type, item, time), embedding, category);
    }
}
