package dev.perch.collector;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** JSON event fixtures for the tests, built in code. */
final class Events {

    private Events() {}

    /** A valid view event of {@code userId} on {@code itemId} happening now. */
    static String view(String eventId, String userId, String itemId) {
        return view(eventId, userId, itemId, Instant.now());
    }

    /** A valid view event of {@code userId} on {@code itemId} at {@code time}. */
    static String view(String eventId, String userId, String itemId, Instant time) {
        return "{\"eventId\":\""
                + eventId
                + "\",\"userId\":\""
                + userId
                + "\",\"type\":\"view\",\"itemId\":\""
                + itemId
                + "\",\"eventTime\":"
                + time.toEpochMilli()
                + "}";
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    static String array(List<String> events) {
        return events.stream().collect(Collectors.joining(",", "[", "]"));
    }
}
