package dev.perch.modelserver;

import dev.perch.core.EnrichedEvent;
import dev.perch.core.UserProfile;
import dev.perch.core.UserStateSettings;
import dev.perch.core.UserStateUpdater;
import dev.perch.core.itemstats.CoVisitationIndex;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.PopularityCounter;
import dev.perch.core.recommend.ScoredId;
import dev.perch.events.ClickEvent;
import dev.perch.events.Item;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import dev.perch.events.TrendingItems;
import dev.perch.events.UserState;
import dev.perch.model.testing.PlantedClickStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small shop built from a planted click-stream: its catalog (every seventh item unavailable),
 * co-visitation neighbours, a global trending list, and realistic user states made by the real
 * {@link UserStateUpdater} from the events.
 */
final class PlantedWorld {
    static final PlantedClickStream STREAM =
            PlantedClickStream.generate(
                    new PlantedClickStream.Spec(
                            5,
                            20,
                            60,
                            3,
                            6,
                            0.9,
                            Instant.parse("2026-01-05T00:00:00Z"),
                            java.time.Duration.ofDays(14)),
                    42);

    private PlantedWorld() {}

    /** The catalog; items whose number is 3 modulo 7 cannot be bought. */
    static List<Item> catalog() {
        List<Item> out = new ArrayList<>();
        for (Item item : STREAM.items()) {
            out.add(Item.newBuilder(item).setAvailable(!unavailable(item.getItemId())).build());
        }
        return out;
    }

    static boolean unavailable(String itemId) {
        int number = Integer.parseInt(itemId.substring(itemId.indexOf("-i") + 2));
        return number % 7 == 3;
    }

    static Set<String> unavailableItems() {
        Set<String> out = new TreeSet<>();
        STREAM.items()
                .forEach(
                        i -> {
                            if (unavailable(i.getItemId())) {
                                out.add(i.getItemId());
                            }
                        });
        return out;
    }

    static List<ItemNeighbors> neighbors() {
        CoVisitationIndex index = new CoVisitationIndex(CoVisitationSettings.DEFAULTS);
        STREAM.events().forEach(index::add);
        List<ItemNeighbors> out = new ArrayList<>();
        for (Item item : STREAM.items()) {
            List<ScoredId> top = index.neighbors(item.getItemId(), 20);
            if (!top.isEmpty()) {
                out.add(
                        ItemNeighbors.newBuilder()
                                .setItemId(item.getItemId())
                                .setNeighbors(scored(top))
                                .setVersion(1)
                                .setUpdatedAt(Instant.EPOCH)
                                .build());
            }
        }
        return out;
    }

    static TrendingItems globalTrending() {
        PopularityCounter counter = new PopularityCounter(50);
        STREAM.events().forEach(e -> counter.add(e.getItemId(), 1));
        return TrendingItems.newBuilder()
                .setScope("global")
                .setItems(scored(counter.top(50)))
                .setWindowStart(Instant.EPOCH)
                .setWindowEnd(Instant.parse("2026-02-01T00:00:00Z"))
                .build();
    }

    /**
     * The state of every user after the first {@code share} of their events, user ids prefixed by
     * {@code prefix} (so tests sharing the topic do not mix).
     */
    static Map<String, UserState> states(
            Map<String, float[]> embeddings, double share, String prefix) {
        return states(embeddings, null, share, prefix);
    }

    /** As {@link #states(Map, double, String)}, the embeddings being of {@code version}. */
    static Map<String, UserState> states(
            Map<String, float[]> embeddings, String version, double share, String prefix) {
        UserStateUpdater updater = new UserStateUpdater(UserStateSettings.DEFAULTS);
        Map<String, List<ClickEvent>> byUser = new LinkedHashMap<>();
        STREAM.events()
                .forEach(e -> byUser.computeIfAbsent(e.getUserId(), u -> new ArrayList<>()).add(e));
        Map<String, UserState> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<ClickEvent>> user : byUser.entrySet()) {
            List<ClickEvent> events = user.getValue();
            int upTo = Math.max(1, (int) Math.round(events.size() * share));
            UserProfile profile = null;
            for (ClickEvent event : events.subList(0, upTo)) {
                ClickEvent received =
                        ClickEvent.newBuilder(event).setReceivedTime(event.getEventTime()).build();
                EnrichedEvent enriched =
                        new EnrichedEvent(
                                received,
                                embeddings.get(event.getItemId()),
                                PlantedClickStream.categoryOf(event.getItemId()),
                                version);
                profile = updater.update(profile, enriched, event.getEventTime());
            }
            String id = prefix + user.getKey();
            out.put(id, UserState.newBuilder(profile.state()).setUserId(id).build());
        }
        return out;
    }

    private static List<ScoredItem> scored(List<ScoredId> ids) {
        List<ScoredItem> out = new ArrayList<>();
        for (ScoredId id : ids) {
            out.add(new ScoredItem(id.itemId(), id.score()));
        }
        return out;
    }
}
