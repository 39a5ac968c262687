package dev.perch.demo;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventContext;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Simulated shoppers with hidden category tastes, producing realistic sessions (views, clicks,
 * add-to-cart, purchases) in bursts. Pure and deterministic: the same seed gives the same event
 * sequence (only eventTime comes from the caller, and the event ids from {@link #withFreshIds} when
 * a live simulator must never repeat an id after a restart). Not thread-safe.
 */
public final class ShopperSimulation {

    private static final double CONTINUE_SESSION = 0.75;

    private final Random random;
    private final List<Shopper> shoppers = new ArrayList<>();
    private final Map<String, List<Item>> byCategory = new LinkedHashMap<>();
    private final List<String> categories;
    private Session current;
    private boolean freshIds;

    /** One shopper: an id and hidden weights over the top-level categories. */
    record Shopper(String userId, double[] taste, List<String> favourites) {}

    /** An open session: what is queued to happen next and what is in the cart. */
    private static final class Session {
        final Shopper shopper;
        final String sessionId;
        final Deque<ClickEvent.Builder> pending = new ArrayDeque<>();
        final List<Item> cart = new ArrayList<>();
        Item lastViewed;
        int stepsLeft;

        Session(Shopper shopper, String sessionId, int steps) {
            this.shopper = shopper;
            this.sessionId = sessionId;
            this.stepsLeft = steps;
        }
    }

    public ShopperSimulation(List<Item> catalog, int shopperCount, long seed) {
        this.random = new Random(seed);
        for (Item item : catalog) {
            byCategory
                    .computeIfAbsent(item.getCategoryPath().get(0), c -> new ArrayList<>())
                    .add(item);
        }
        this.categories = List.copyOf(byCategory.keySet());
        for (int s = 0; s < shopperCount; s++) {
            shoppers.add(newShopper(String.format("shopper-%03d", s + 1)));
        }
    }

    /**
     * Draws event and session ids from {@link UUID#randomUUID()} instead of the seed, so a
     * restarted simulator never repeats the ids of an earlier run (the jobs would drop them as
     * duplicates); the shoppers' behaviour still follows the seed.
     */
    public ShopperSimulation withFreshIds() {
        this.freshIds = true;
        return this;
    }

    /** The simulated shoppers with their hidden tastes (for tests and the demo's user picker). */
    List<Shopper> shoppers() {
        return List.copyOf(shoppers);
    }

    /** The user ids of the simulated shoppers. */
    public List<String> userIds() {
        return shoppers.stream().map(Shopper::userId).toList();
    }

    /** The next event, stamped with {@code now}. */
    public ClickEvent next(Instant now) {
        if (current == null
                || (current.pending.isEmpty() && current.stepsLeft <= 0)
                || random.nextDouble() > CONTINUE_SESSION) {
            Shopper shopper = shoppers.get(random.nextInt(shoppers.size()));
            current = new Session(shopper, uuid(), 3 + random.nextInt(12));
        }
        if (current.pending.isEmpty()) {
            plan(current);
        }
        ClickEvent.Builder event = current.pending.poll();
        return event.setEventId(uuid())
                .setUserId(current.shopper.userId())
                .setSessionId(current.sessionId)
                .setEventTime(now)
                .setContext(
                        EventContext.newBuilder()
                                .setPage("/demo")
                                .setDevice(random.nextInt(3) == 0 ? "mobile" : "desktop")
                                .build())
                .build();
    }

    /** Queues the next step of a session: browse, click, add to cart, or check out. */
    private void plan(Session session) {
        session.stepsLeft--;
        double roll = random.nextDouble();
        if (session.lastViewed == null || roll < 0.10) {
            Item item = pick(session.shopper);
            session.pending.add(event(EventType.VIEW, item, null));
            session.lastViewed = item;
        } else if (roll < 0.55) {
            Item item = pickNear(session.lastViewed, session.shopper);
            session.pending.add(event(EventType.CLICK, item, null));
            session.pending.add(event(EventType.VIEW, item, null));
            session.lastViewed = item;
        } else if (roll < 0.72 && session.lastViewed.getAvailable()) {
            session.pending.add(event(EventType.ADD_TO_CART, session.lastViewed, 1.0));
            session.cart.add(session.lastViewed);
        } else if (roll < 0.82 && !session.cart.isEmpty()) {
            for (Item item : session.cart) {
                session.pending.add(event(EventType.PURCHASE, item, item.getPrice()));
            }
            session.cart.clear();
            session.stepsLeft = 0;
        } else {
            Item item = pickNear(session.lastViewed, session.shopper);
            session.pending.add(event(EventType.VIEW, item, null));
            session.lastViewed = item;
        }
    }

    private static ClickEvent.Builder event(EventType type, Item item, Double value) {
        return ClickEvent.newBuilder().setType(type).setItemId(item.getItemId()).setValue(value);
    }

    /** An item from a category drawn from the shopper's taste. */
    private Item pick(Shopper shopper) {
        double roll = random.nextDouble();
        int c = 0;
        for (double cumulative = shopper.taste[0];
                roll > cumulative && c < categories.size() - 1;
                cumulative += shopper.taste[++c]) {}
        List<Item> items = byCategory.get(categories.get(c));
        return items.get(random.nextInt(items.size()));
    }

    /** Mostly the same sub-category as {@code last}, sometimes a fresh pick by taste. */
    private Item pickNear(Item last, Shopper shopper) {
        if (random.nextDouble() < 0.3) {
            return pick(shopper);
        }
        List<Item> same =
                byCategory.get(last.getCategoryPath().get(0)).stream()
                        .filter(i -> i.getCategoryPath().equals(last.getCategoryPath()))
                        .toList();
        return same.get(random.nextInt(same.size()));
    }

    private Shopper newShopper(String userId) {
        int first = random.nextInt(categories.size());
        int second = (first + 1 + random.nextInt(categories.size() - 1)) % categories.size();
        double[] taste = new double[categories.size()];
        double rest = 0.12 / (categories.size() - 2);
        for (int c = 0; c < taste.length; c++) {
            taste[c] = c == first ? 0.58 : c == second ? 0.30 : rest;
        }
        return new Shopper(userId, taste, List.of(categories.get(first), categories.get(second)));
    }

    /** A version-4 UUID from the seeded generator, so event ids repeat with the seed. */
    private String uuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return freshIds ? UUID.randomUUID().toString() : new UUID(high, low).toString();
    }
}
