package dev.perch.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules every {@link ClickEvent} must meet before Perch uses it, shared by the collector, the
 * replay command and the stream jobs. Limits are constants so that docs and code agree.
 */
public final class ClickEventRules {
    /** Longest userId, sessionId or itemId, in characters. */
    public static final int MAX_ID_LENGTH = 256;

    /** Longest search query, in characters. */
    public static final int MAX_QUERY_LENGTH = 1024;

    /** Longest page or referrer, in characters. */
    public static final int MAX_URL_LENGTH = 2048;

    /** Longest device name, in characters. */
    public static final int MAX_DEVICE_LENGTH = 64;

    /** Longest locale tag, in characters. */
    public static final int MAX_LOCALE_LENGTH = 64;

    /** The limit of each field, as shown in docs/events.md. */
    public static final Map<String, String> FIELD_LIMITS = fieldLimits();

    private static final Pattern UUID =
            Pattern.compile(
                    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ClickEventRules() {}

    /** One broken rule: the field (dotted path, e.g. {@code context.page}) and what is wrong. */
    public record FieldError(String field, String reason) {}

    /** Every broken rule, in field order; empty when the event is valid. */
    public static List<FieldError> validate(ClickEvent e) {
        List<FieldError> errors = new ArrayList<>();
        if (e == null) {
            errors.add(new FieldError("$", "is required"));
            return errors;
        }
        if (e.getEventId() == null) {
            errors.add(new FieldError("eventId", "is required"));
        } else if (!UUID.matcher(e.getEventId()).matches()) {
            errors.add(new FieldError("eventId", "must be a UUID like 8-4-4-4-12 hex digits"));
        }
        requiredText(errors, "userId", e.getUserId(), MAX_ID_LENGTH);
        optionalText(errors, "sessionId", e.getSessionId(), MAX_ID_LENGTH);
        if (e.getType() == null) {
            errors.add(new FieldError("type", "is required"));
        }
        if (e.getType() == EventType.SEARCH) {
            optionalText(errors, "itemId", e.getItemId(), MAX_ID_LENGTH);
            requiredText(errors, "query", e.getQuery(), MAX_QUERY_LENGTH);
        } else {
            requiredText(errors, "itemId", e.getItemId(), MAX_ID_LENGTH);
            optionalText(errors, "query", e.getQuery(), MAX_QUERY_LENGTH);
        }
        if (e.getValue() != null && !Double.isFinite(e.getValue())) {
            errors.add(new FieldError("value", "must be a finite number"));
        }
        if (e.getEventTime() == null) {
            errors.add(new FieldError("eventTime", "is required"));
        } else {
            positiveTime(errors, "eventTime", e.getEventTime());
        }
        if (e.getReceivedTime() != null) {
            positiveTime(errors, "receivedTime", e.getReceivedTime());
        }
        EventContext context = e.getContext();
        if (context != null) {
            optionalText(errors, "context.page", context.getPage(), MAX_URL_LENGTH);
            optionalText(errors, "context.referrer", context.getReferrer(), MAX_URL_LENGTH);
            optionalText(errors, "context.device", context.getDevice(), MAX_DEVICE_LENGTH);
            optionalText(errors, "context.locale", context.getLocale(), MAX_LOCALE_LENGTH);
        }
        return errors;
    }

    /** True when {@link #validate} finds nothing. */
    public static boolean isValid(ClickEvent e) {
        return validate(e).isEmpty();
    }

    private static void requiredText(List<FieldError> errors, String field, String v, int max) {
        if (v == null || v.isBlank()) {
            errors.add(new FieldError(field, "is required and must not be blank"));
        } else {
            optionalText(errors, field, v, max);
        }
    }

    private static void optionalText(List<FieldError> errors, String field, String v, int max) {
        if (v != null && v.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
    }

    private static void positiveTime(List<FieldError> errors, String field, Instant time) {
        if (!time.isAfter(Instant.EPOCH)) {
            errors.add(new FieldError(field, "must be after 1970-01-01T00:00:00Z"));
        }
    }

    private static Map<String, String> fieldLimits() {
        Map<String, String> limits = new LinkedHashMap<>();
        limits.put("eventId", "UUID, 36 characters (8-4-4-4-12 hex digits)");
        limits.put("userId", "not blank, at most " + MAX_ID_LENGTH + " characters");
        limits.put("sessionId", "at most " + MAX_ID_LENGTH + " characters");
        limits.put(
                "itemId",
                "required (not blank) unless type is SEARCH, at most "
                        + MAX_ID_LENGTH
                        + " characters");
        limits.put(
                "query",
                "required (not blank) for SEARCH, at most " + MAX_QUERY_LENGTH + " characters");
        limits.put("value", "a finite number");
        limits.put("eventTime", "after 1970-01-01T00:00:00Z");
        limits.put("receivedTime", "after 1970-01-01T00:00:00Z");
        limits.put("page", "at most " + MAX_URL_LENGTH + " characters");
        limits.put("referrer", "at most " + MAX_URL_LENGTH + " characters");
        limits.put("device", "at most " + MAX_DEVICE_LENGTH + " characters");
        limits.put("locale", "at most " + MAX_LOCALE_LENGTH + " characters");
        return Map.copyOf(limits);
    }
}
