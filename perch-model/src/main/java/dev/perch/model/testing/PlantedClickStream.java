package dev.perch.model.testing;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small click-stream with a planted structure, for tests that must train a real model in seconds:
 * items live in categories, every user prefers one category, and within a category a few items are
 * much more popular (Zipf). A model that learns the structure recommends the favourite category's
 * items; a popularity list cannot.
 *
 * @param events every event, sorted by event time
 * @param items the catalog, with {@code categoryPath = [category]}
 * @param favouriteCategory each user's preferred category
 */
public record PlantedClickStream(
        List<ClickEvent> events, List<Item> items, Map<String, String> favouriteCategory) {

    /**
     * The shape of the stream.
     *
     * @param categories how many categories
     * @param itemsPerCategory items in each category
     * @param users how many users
     * @param sessionsPerUser sessions of each user
     * @param clicksPerSession events per session
     * @param affinity the chance that an event is on the user's favourite category
     * @param start the first possible event time
     * @param span the event times spread over this long
     */
    public record Spec(
            int categories,
            int itemsPerCategory,
            int users,
            int sessionsPerUser,
            int clicksPerSession,
            double affinity,
            Instant start,
            Duration span) {

        /** 5 categories of 20 items, 200 users with 4 sessions of 6 events, 90% on favourite. */
        public static final Spec DEFAULTS =
                new Spec(
                        5,
                        20,
                        200,
                        4,
                        6,
                        0.9,
                        Instant.parse("2026-01-05T00:00:00Z"),
                        Duration.ofDays(28));
    }

    /** A stream of {@link Spec#DEFAULTS} shape. */
    public static PlantedClickStream generate(long seed) {
        return generate(Spec.DEFAULTS, seed);
    }

    /** A stream of this shape; the same seed gives the same stream. */
    public static PlantedClickStream generate(Spec spec, long seed) {
        Random random = new Random(seed);
        List<Item> items = new ArrayList<>();
        List<List<String>> byCategory = new ArrayList<>();
        for (int c = 0; c < spec.categories(); c++) {
            String category = category(c);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < spec.itemsPerCategory(); i++) {
                String id = "c" + c + "-i" + i;
                ids.add(id);
                items.add(
                        Item.newBuilder()
                                .setItemId(id)
                                .setTitle(category + " item " + i)
                                .setCategoryPath(List.of(category))
                                .setPrice(10.0 + i)
                                .setUpdatedAt(spec.start())
                                .build());
            }
            byCategory.add(ids);
        }
        double[] zipf = zipfCumulative(spec.itemsPerCategory());
        Map<String, String> favourite = new LinkedHashMap<>();
        List<ClickEvent> events = new ArrayList<>();
        long spanMillis = spec.span().toMillis();
        int eventNumber = 0;
        for (int u = 0; u < spec.users(); u++) {
            String userId = "u" + u;
            int fav = u % spec.categories();
            favourite.put(userId, category(fav));
            for (int s = 0; s < spec.sessionsPerUser(); s++) {
                long sessionStart = (long) (random.nextDouble() * spanMillis * 0.95);
                String sessionId = userId + "-s" + s;
                for (int k = 0; k < spec.clicksPerSession(); k++) {
                    int category =
                            random.nextDouble() < spec.affinity()
                                    ? fav
                                    : random.nextInt(spec.categories());
                    String itemId = byCategory.get(category).get(pick(zipf, random));
                    Instant time =
                            spec.start()
                                    .plusMillis(
                                            sessionStart + k * 60_000L + random.nextInt(30_000));
                    events.add(
                            ClickEvent.newBuilder()
                                    .setEventId("e" + eventNumber++)
                                    .setUserId(userId)
                                    .setSessionId(sessionId)
                                    .setType(type(random))
                                    .setItemId(itemId)
                                    .setEventTime(time)
                                    .build());
                }
            }
        }
        events.sort(
                Comparator.comparing(ClickEvent::getEventTime)
                        .thenComparing(e -> e.getEventId().toString()));
        return new PlantedClickStream(List.copyOf(events), List.copyOf(items), favourite);
    }

    /** The name of category {@code c}. */
    public static String category(int c) {
        return "cat-" + c;
    }

    /** The category an item id of this stream belongs to. */
    public static String categoryOf(String itemId) {
        return category(Integer.parseInt(itemId.substring(1, itemId.indexOf('-'))));
    }

    private static EventType type(Random random) {
        double r = random.nextDouble();
        return r < 0.8 ? EventType.VIEW : r < 0.95 ? EventType.ADD_TO_CART : EventType.PURCHASE;
    }

    private static double[] zipfCumulative(int n) {
        double[] cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += 1.0 / (i + 1);
            cumulative[i] = total;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= total;
        }
        return cumulative;
    }

    private static int pick(double[] cumulative, Random random) {
        double r = random.nextDouble();
        for (int i = 0; i < cumulative.length; i++) {
            if (r <= cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }
}
