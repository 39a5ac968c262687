package dev.perch.streamjobs;

import dev.perch.core.EnrichedEvent;
import dev.perch.core.UserProfile;
import dev.perch.core.UserStateUpdater;
import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A small generated shop: items with embeddings and categories, and a click stream of users over
 * them whose event times are out of order by up to two seconds. Deterministic for a seed.
 */
public record GeneratedShop(List<Item> items, List<ClickEvent> events) {
    public static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    private static final String[] CATEGORIES = {"Shoes", "Bags", "Hats", "Coats", "Socks"};

    public static GeneratedShop generate(long seed, int itemCount, int userCount, int eventCount) {
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < itemCount; i++) {
            float[] embedding = new float[8];
            for (int d = 0; d < embedding.length; d++) {
                embedding[d] = (float) random.nextGaussian();
            }
            items.add(
                    Fixtures.item(
                            "item-" + i, CATEGORIES[random.nextInt(CATEGORIES.length)], embedding));
        }
        List<ClickEvent> events = new ArrayList<>();
        for (int i = 0; i < eventCount; i++) {
            EventType type = type(random);
            Instant time = START.plusMillis(i * 500L - random.nextInt(2_000));
            String item = type == EventType.SEARCH ? null : "item-" + random.nextInt(itemCount);
            events.add(
                    ClickEvent.newBuilder()
                            .setEventId(new UUID(seed, i).toString())
                            .setUserId("user-" + random.nextInt(userCount))
                            .setType(type)
                            .setItemId(item)
                            .setQuery(type == EventType.SEARCH ? "query " + i : null)
                            .setValue(type == EventType.RATE ? 1.0 + random.nextInt(5) : null)
                            .setEventTime(time)
                            .setReceivedTime(time.plusMillis(20))
                            .build());
        }
        return new GeneratedShop(items, events);
    }

    private static EventType type(Random random) {
        int p = random.nextInt(100);
        if (p < 50) {
            return EventType.VIEW;
        } else if (p < 65) {
            return EventType.CLICK;
        } else if (p < 75) {
            return EventType.ADD_TO_CART;
        } else if (p < 80) {
            return EventType.REMOVE_FROM_CART;
        } else if (p < 88) {
            return EventType.PURCHASE;
        } else if (p < 93) {
            return EventType.RATE;
        }
        return EventType.SEARCH;
    }

    /** The events of each user, in the order given (the order of their Kafka partition). */
    Map<String, List<ClickEvent>> byUser() {
        return events.stream()
                .collect(
                        Collectors.groupingBy(
                                ClickEvent::getUserId, LinkedHashMap::new, Collectors.toList()));
    }

    /** Each user's profile computed by the shared update rule applied directly to the events. */
    public Map<String, UserProfile> expectedProfiles(UserStateUpdater updater) {
        Map<String, Item> catalog =
                items.stream().collect(Collectors.toMap(Item::getItemId, Function.identity()));
        Map<String, UserProfile> profiles = new LinkedHashMap<>();
        for (ClickEvent e : events) {
            Item item = e.getItemId() == null ? null : catalog.get(e.getItemId());
            profiles.put(
                    e.getUserId(),
                    updater.update(profiles.get(e.getUserId()), EnrichedEvent.of(e, item), START));
        }
        return profiles;
    }
}
