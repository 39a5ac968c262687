package dev.perch.events.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perch.events.ClickEvent;
import dev.perch.events.ClickEventRules;
import dev.perch.events.ClickEventRules.FieldError;
import dev.perch.events.EventContext;
import dev.perch.events.EventType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON form of a {@link ClickEvent} accepted on {@code POST /v1/events}: Avro field names,
 * {@code type} in lower snake case, times as epoch milliseconds or ISO-8601 instants. Parsing never
 * throws; it returns the event or every problem found, {@link ClickEventRules} included.
 */
public final class ClickEventJson {
    /** Longest JSON document accepted for one event, in characters. */
    public static final int MAX_JSON_LENGTH = 16 * 1024;

    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Set<String> EVENT_FIELDS =
            Set.of(
                    "eventId",
                    "userId",
                    "sessionId",
                    "type",
                    "itemId",
                    "query",
                    "value",
                    "eventTime",
                    "receivedTime",
                    "context");
    private static final Set<String> CONTEXT_FIELDS =
            Set.of("page", "referrer", "device", "locale");
    private static final String TYPE_NAMES =
            Arrays.stream(EventType.values())
                    .map(ClickEventJson::typeName)
                    .collect(Collectors.joining(", "));

    private ClickEventJson() {}

    /** The parsed event, or null with the reasons in {@code errors}. */
    public record ParsedEvent(ClickEvent event, List<FieldError> errors) {
        public ParsedEvent {
            errors = List.copyOf(errors);
        }

        /** True when the JSON held a valid event. */
        public boolean isValid() {
            return errors.isEmpty();
        }
    }

    /** The JSON name of an event type, e.g. {@code add_to_cart}. */
    public static String typeName(EventType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** Parses one event and applies {@link ClickEventRules}; never throws on bad input. */
    public static ParsedEvent parse(String json) {
        if (json == null || json.isBlank()) {
            return rejected(new FieldError("$", "is empty"));
        }
        if (json.length() > MAX_JSON_LENGTH) {
            return rejected(
                    new FieldError("$", "must be at most " + MAX_JSON_LENGTH + " characters"));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return rejected(new FieldError("$", "is not valid JSON: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            return rejected(new FieldError("$", "must be a JSON object"));
        }
        return new Reader().read(root);
    }

    /** The event as JSON (times as epoch milliseconds, null fields left out). */
    public static String toJson(ClickEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("eventId", event.getEventId());
        node.put("userId", event.getUserId());
        putIfPresent(node, "sessionId", event.getSessionId());
        node.put("type", typeName(event.getType()));
        putIfPresent(node, "itemId", event.getItemId());
        putIfPresent(node, "query", event.getQuery());
        if (event.getValue() != null) {
            node.put("value", event.getValue());
        }
        node.put("eventTime", event.getEventTime().toEpochMilli());
        if (event.getReceivedTime() != null) {
            node.put("receivedTime", event.getReceivedTime().toEpochMilli());
        }
        EventContext context = event.getContext();
        if (context != null) {
            ObjectNode c = node.putObject("context");
            putIfPresent(c, "page", context.getPage());
            putIfPresent(c, "referrer", context.getReferrer());
            putIfPresent(c, "device", context.getDevice());
            putIfPresent(c, "locale", context.getLocale());
        }
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON tree", e);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static ParsedEvent rejected(FieldError error) {
        return new ParsedEvent(null, List.of(error));
    }

    /** Reads one JSON object field by field, collecting every problem. */
    private static final class Reader {
        private final List<FieldError> errors = new ArrayList<>();

        ParsedEvent read(JsonNode root) {
            unknownFields(root, EVENT_FIELDS, "");
            ClickEvent event = new ClickEvent();
            event.setEventId(text(root, "eventId"));
            event.setUserId(text(root, "userId"));
            event.setSessionId(text(root, "sessionId"));
            event.setType(type(root.get("type")));
            event.setItemId(text(root, "itemId"));
            event.setQuery(text(root, "query"));
            event.setValue(number(root, "value"));
            Instant eventTime = time(root, "eventTime");
            if (eventTime != null) {
                event.setEventTime(eventTime);
            }
            Instant receivedTime = time(root, "receivedTime");
            if (receivedTime != null) {
                event.setReceivedTime(receivedTime);
            }
            event.setContext(context(root.get("context")));
            Set<String> broken = errors.stream().map(FieldError::field).collect(Collectors.toSet());
            for (FieldError ruleError : ClickEventRules.validate(event)) {
                if (!broken.contains(ruleError.field())) {
                    errors.add(ruleError);
                }
            }
            return errors.isEmpty()
                    ? new ParsedEvent(event, List.of())
                    : new ParsedEvent(null, errors);
        }

        private void unknownFields(JsonNode node, Set<String> known, String prefix) {
            Set<String> unknown = new HashSet<>();
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                if (!known.contains(property.getKey())) {
                    unknown.add(property.getKey());
                }
            }
            unknown.stream()
                    .sorted()
                    .forEach(
                            name ->
                                    errors.add(
                                            new FieldError(prefix + name, "is not a known field")));
        }

        private String text(JsonNode parent, String field) {
            return text(parent, field, field);
        }

        private String text(JsonNode parent, String field, String path) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual()) {
                errors.add(new FieldError(path, "must be a string"));
                return null;
            }
            return node.textValue();
        }

        private EventType type(JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            String name = node.isTextual() ? node.textValue() : "";
            for (EventType type : EventType.values()) {
                if (typeName(type).equals(name)) {
                    return type;
                }
            }
            errors.add(new FieldError("type", "must be one of " + TYPE_NAMES));
            return null;
        }

        private Double number(JsonNode parent, String field) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isNumber()) {
                errors.add(new FieldError(field, "must be a number"));
                return null;
            }
            return node.doubleValue();
        }

        private Instant time(JsonNode parent, String field) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            try {
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    return Instant.ofEpochMilli(node.longValue());
                }
                if (node.isTextual()) {
                    Instant instant = Instant.parse(node.textValue());
                    instant.toEpochMilli();
                    return instant;
                }
            } catch (DateTimeParseException | ArithmeticException e) {
                // reported below
            }
            errors.add(
                    new FieldError(
                            field,
                            "must be epoch milliseconds (an integer) or an ISO-8601 instant such"
                                    + " as 2025-03-01T12:00:00Z"));
            return null;
        }

        private EventContext context(JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                errors.add(new FieldError("context", "must be an object"));
                return null;
            }
            unknownFields(node, CONTEXT_FIELDS, "context.");
            return EventContext.newBuilder()
                    .setPage(text(node, "page", "context.page"))
                    .setReferrer(text(node, "referrer", "context.referrer"))
                    .setDevice(text(node, "device", "context.device"))
                    .setLocale(text(node, "locale", "context.locale"))
                    .build();
        }
    }
}
