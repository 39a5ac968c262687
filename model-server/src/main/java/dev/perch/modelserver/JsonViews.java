package dev.perch.modelserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perch.events.RecentItem;
import dev.perch.events.Recommendations;
import dev.perch.events.RecommendedItem;
import dev.perch.events.UserState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON the HTTP API answers: recommendation lists and user-state summaries. */
final class JsonViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonViews() {}

    /** A list, cut to {@code k} items; {@code source} says "stored" or "cold-start". */
    static String recommendations(Recommendations list, int k, String source) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (RecommendedItem item : list.getItems()) {
            if (items.size() >= k) {
                break;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("itemId", item.getItemId());
            row.put("score", item.getScore());
            row.put("reason", item.getReason().name());
            items.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", list.getUserId());
        out.put("items", items);
        out.put("modelVersion", list.getModelVersion());
        out.put("userStateVersion", list.getUserStateVersion());
        out.put("generatedAt", text(list.getGeneratedAt()));
        out.put("causeEventId", list.getCauseEventId());
        out.put("causeEventTime", text(list.getCauseEventTime()));
        out.put("causeReceivedTime", text(list.getCauseReceivedTime()));
        out.put("source", source);
        return write(out);
    }

    /** The summary of a user state the demo page shows. */
    static String userState(UserState state) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", state.getUserId());
        out.put("version", state.getVersion());
        out.put("categoryAffinity", new TreeMap<>(state.getCategoryAffinity()));
        out.put("recentItems", items(state.getRecentItems()));
        out.put("purchasedItems", items(state.getPurchasedItems()));
        out.put("eventCounts", new TreeMap<>(state.getEventCounts()));
        out.put("lastSeen", text(state.getLastSeen()));
        out.put("lastEventId", state.getLastEventId());
        out.put("embeddingVersion", state.getEmbeddingVersion());
        return write(out);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> items(List<RecentItem> recent) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RecentItem item : recent) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("itemId", item.getItemId());
            row.put("type", item.getType().name());
            row.put("eventTime", text(item.getEventTime()));
            out.add(row);
        }
        return out;
    }

    private static String text(Instant time) {
        return time == null ? null : time.toString();
    }
}
