package dev.perch.collector;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perch.events.ClickEvent;
import dev.perch.events.ClickEventRules.FieldError;
import dev.perch.events.EventTimeBounds;
import dev.perch.events.json.ClickEventJson;
import dev.perch.events.json.ClickEventJson.ParsedEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request body (one JSON event object or an array of them) into per-event verdicts. Each
 * element is checked by {@link ClickEventJson} (the one validator shared with the replay command)
 * and then by the collector's {@link EventTimeBounds}; a body that is not JSON at all is {@link
 * Malformed}.
 */
public final class EventBatchParser {

    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final int maxEvents;
    private final EventTimeBounds window;

    public EventBatchParser(int maxEvents, EventTimeBounds window) {
        this.maxEvents = maxEvents;
        this.window = window;
    }

    /** What a body holds: either a whole-request problem or one verdict per event. */
    public sealed interface ParsedBatch permits Malformed, Batch {}

    /** The request as a whole is unusable (HTTP 400). */
    public record Malformed(String reason) implements ParsedBatch {}

    /** The events of a request, in request order. */
    public record Batch(List<IncomingEvent> events) implements ParsedBatch {
        public Batch {
            events = List.copyOf(events);
        }
    }

    /**
     * One element of the request: {@code event} (with receivedTime set) when valid, otherwise null
     * and the problems in {@code errors}. {@code eventId} is echoed when the element had a string
     * one, so the sender can match answers to events.
     */
    public record IncomingEvent(
            int index, String eventId, ClickEvent event, List<FieldError> errors) {
        public IncomingEvent {
            errors = List.copyOf(errors);
        }

        public boolean isValid() {
            return event != null;
        }
    }

    /** Parses {@code body} as received at {@code now}; never throws on bad input. */
    public ParsedBatch parse(byte[] body, Instant now) {
        if (body.length == 0) {
            return new Malformed("the body is empty; send one event object or an array of them");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return new Malformed("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Malformed("the body could not be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new Malformed("the body is empty; send one event object or an array of them");
        }
        List<JsonNode> elements = new ArrayList<>();
        if (root.isObject()) {
            elements.add(root);
        } else if (root.isArray()) {
            root.elements().forEachRemaining(elements::add);
            if (elements.isEmpty()) {
                return new Malformed("the array holds no events");
            }
        } else {
            return new Malformed("the body must be a JSON object or an array of objects");
        }
        if (elements.size() > maxEvents) {
            return new Malformed(
                    "a request holds at most " + maxEvents + " events, not " + elements.size());
        }
        List<IncomingEvent> events = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            events.add(parseOne(i, elements.get(i), now));
        }
        return new Batch(events);
    }

    private IncomingEvent parseOne(int index, JsonNode node, Instant now) {
        JsonNode idNode = node.isObject() ? node.get("eventId") : null;
        String eventId = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
        ParsedEvent parsed = ClickEventJson.parse(node.toString());
        if (!parsed.isValid()) {
            return new IncomingEvent(index, eventId, null, parsed.errors());
        }
        ClickEvent event = parsed.event();
        var tooFar = window.check(event.getEventTime(), now);
        if (tooFar.isPresent()) {
            return new IncomingEvent(index, eventId, null, List.of(tooFar.get()));
        }
        event.setReceivedTime(now);
        return new IncomingEvent(index, eventId, event, List.of());
    }
}
