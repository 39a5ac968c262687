package dev.perch.core;

import static dev.perch.core.Events.HALF_LIFE;
import static dev.perch.core.Events.NOW;
import static dev.perch.core.Events.T0;
import static dev.perch.core.Events.enriched;
import static dev.perch.core.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perch.events.EventType;
import dev.perch.events.RecentItem;
import dev.perch.events.UserState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UserStateUpdaterTest {
    private static final float[] X = {1f, 0f};
    private static final float[] Y = {0f, 1f};

    private final UserStateUpdater updater =
            new UserStateUpdater(UserStateSettings.DEFAULTS.withHalfLife(HALF_LIFE));

    private UserProfile apply(List<EnrichedEvent> events) {
        UserProfile profile = null;
        for (EnrichedEvent e : events) {
            profile = updater.update(profile, e, NOW);
        }
        return profile;
    }

    private static double[] vector(UserProfile p) {
        return p.state().getVector().stream().mapToDouble(Float::doubleValue).toArray();
    }

    @Nested
    class FirstEvent {
        @Test
        @DisplayName(
                "a user's first event starts at its event time as version, first and last seen")
        void startsTheState() {
            UserProfile p = apply(List.of(enriched(EventType.VIEW, "i1", T0, 3f, 4f)));
            UserState s = p.state();

            assertThat(s.getUserId()).isEqualTo("u1");
            assertThat(s.getVersion()).isEqualTo(T0.toEpochMilli() << StateVersions.SEQUENCE_BITS);
            assertThat(s.getFirstSeen()).isEqualTo(T0);
            assertThat(s.getLastSeen()).isEqualTo(T0);
            assertThat(s.getUpdatedAt()).isEqualTo(NOW);
            assertThat(s.getEventCounts()).containsExactly(entry("VIEW", 1L));
            assertThat(vector(p)).containsExactly(new double[] {0.6, 0.8}, within(1e-6));
            assertThat(s.getVectorWeight()).isEqualTo(1.0);
            assertThat(p.vectorNorm()).isCloseTo(5.0, within(1e-9));
            assertThat(s.getLastEventReceivedTime()).isEqualTo(T0.plusMillis(5));
        }
    }

    @Nested
    class DecayAndWeights {
        @Test
        @DisplayName("an event one half-life later counts twice as much as the earlier one")
        void decaysByHalfLife() {
            UserProfile p =
                    apply(
                            List.of(
                                    enriched(EventType.VIEW, "i1", T0, X),
                                    enriched(EventType.VIEW, "i2", T0.plus(HALF_LIFE), Y)));

            double n = Math.sqrt(0.25 + 1);
            assertThat(vector(p)).containsExactly(new double[] {0.5 / n, 1 / n}, within(1e-6));
            assertThat(p.state().getVectorWeight()).isCloseTo(1.5, within(1e-9));
            assertThat(p.vectorNorm()).isCloseTo(n, within(1e-6));
        }

        @Test
        @DisplayName("a purchase pulls the vector five times as hard as a view at the same time")
        void purchaseOutweighsView() {
            UserProfile p =
                    apply(
                            List.of(
                                    enriched(EventType.VIEW, "i1", T0, X),
                                    enriched(EventType.PURCHASE, "i2", T0, Y)));

            double n = Math.sqrt(1 + 25);
            assertThat(vector(p)).containsExactly(new double[] {1 / n, 5 / n}, within(1e-6));
            assertThat(p.state().getVectorWeight()).isCloseTo(6.0, within(1e-9));
        }

        @Test
        @DisplayName("the published vector always has unit length")
        void vectorIsNormalised() {
            UserProfile p =
                    apply(
                            List.of(
                                    enriched(EventType.ADD_TO_CART, "i1", T0, 10f, -3f, 7f),
                                    enriched(
                                            EventType.VIEW,
                                            "i2",
                                            T0.plusSeconds(90),
                                            0.2f,
                                            0.1f,
                                            9f)));

            double squares = 0;
            for (double v : vector(p)) {
                squares += v * v;
            }
            assertThat(squares).isCloseTo(1.0, within(1e-6));
        }

        @Test
        @DisplayName("a zero-weight event keeps the direction but lets the weight decay")
        void zeroWeightOnlyDecays() {
            UserProfile before = apply(List.of(enriched(EventType.VIEW, "i1", T0, 3f, 4f)));
            UserProfile after =
                    updater.update(
                            before,
                            enriched(EventType.REMOVE_FROM_CART, "i2", T0.plus(HALF_LIFE), 1f, 0f),
                            NOW);

            assertThat(after.state().getVector()).isEqualTo(before.state().getVector());
            assertThat(after.state().getVectorWeight()).isCloseTo(0.5, within(1e-9));
            assertThat(after.vectorNorm()).isCloseTo(2.5, within(1e-9));
            assertThat(after.state().getVersion())
                    .isEqualTo(StateVersions.next(before.state().getVersion(), T0.plus(HALF_LIFE)));
        }

        @Test
        @DisplayName("a rating pulls in proportion to the stars")
        void ratingScales() {
            EnrichedEvent fiveStars =
                    new EnrichedEvent(event("u1", EventType.RATE, "i1", T0, 5.0), X, null);
            EnrichedEvent oneStar =
                    new EnrichedEvent(event("u1", EventType.RATE, "i2", T0, 1.0), Y, null);
            UserProfile p = apply(List.of(fiveStars, oneStar));

            assertThat(p.state().getVectorWeight()).isCloseTo(4.0 + 0.8, within(1e-9));
            assertThat(vector(p)[0]).isGreaterThan(vector(p)[1] * 4.9);
        }
    }

    @Nested
    class OutOfOrder {
        @Test
        @DisplayName("an event older than lastSeen decays its own contribution, not the sum")
        void olderEventDecaysItself() {
            UserProfile p =
                    apply(
                            List.of(
                                    enriched(EventType.VIEW, "i2", T0.plus(HALF_LIFE), Y),
                                    enriched(EventType.VIEW, "i1", T0, X)));

            double n = Math.sqrt(0.25 + 1);
            assertThat(vector(p)).containsExactly(new double[] {0.5 / n, 1 / n}, within(1e-6));
            assertThat(p.state().getVectorWeight()).isCloseTo(1.5, within(1e-9));
            assertThat(p.state().getLastSeen()).isEqualTo(T0.plus(HALF_LIFE));
            assertThat(p.state().getFirstSeen()).isEqualTo(T0);
        }

        @Test
        @DisplayName(
                "shuffling a user's events changes nothing but float rounding and the version"
                        + " trail")
        void arrivalOrderDoesNotMatter() {
            Random random = new Random(42);
            List<EnrichedEvent> events = new ArrayList<>();
            EventType[] types = EventType.values();
            for (int i = 0; i < 300; i++) {
                EventType type = types[random.nextInt(types.length)];
                Instant time = T0.plusSeconds(random.nextInt(6 * 3600));
                String item = type == EventType.SEARCH ? null : "i" + random.nextInt(40);
                float[] embedding =
                        item == null
                                ? null
                                : new float[] {
                                    random.nextFloat(),
                                    random.nextFloat() - 0.5f,
                                    random.nextFloat()
                                };
                events.add(
                        new EnrichedEvent(
                                event("u1", type, item, time, 1.0 + random.nextInt(5)),
                                embedding,
                                "c" + random.nextInt(15)));
            }
            List<EnrichedEvent> sorted = new ArrayList<>(events);
            sorted.sort((a, b) -> a.event().getEventTime().compareTo(b.event().getEventTime()));
            List<EnrichedEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);

            UserState inOrder = apply(sorted).state();
            UserState anyOrder = apply(shuffled).state();

            assertThat(vector(apply(shuffled)))
                    .containsExactly(vector(apply(sorted)), within(1e-5));
            assertThat(anyOrder.getVectorWeight())
                    .isCloseTo(inOrder.getVectorWeight(), within(1e-9));
            assertThat(anyOrder.getRecentItems()).isEqualTo(inOrder.getRecentItems());
            assertThat(anyOrder.getPurchasedItems()).isEqualTo(inOrder.getPurchasedItems());
            assertThat(anyOrder.getEventCounts()).isEqualTo(inOrder.getEventCounts());
            assertThat(anyOrder.getFirstSeen()).isEqualTo(inOrder.getFirstSeen());
            assertThat(anyOrder.getLastSeen()).isEqualTo(inOrder.getLastSeen());
            assertThat(inOrder.getVersion())
                    .isEqualTo(
                            StateVersions.next(0, inOrder.getLastSeen()) + duplicateTimes(sorted));
            assertThat(anyOrder.getVersion())
                    .isGreaterThanOrEqualTo(StateVersions.next(0, anyOrder.getLastSeen()));
        }
    }

    @Nested
    class Lists {
        private final UserStateUpdater small =
                new UserStateUpdater(
                        UserStateSettings.DEFAULTS.withHalfLife(HALF_LIFE).withBounds(3, 2, 2));

        private UserProfile applySmall(List<EnrichedEvent> events) {
            UserProfile profile = null;
            for (EnrichedEvent e : events) {
                profile = small.update(profile, e, NOW);
            }
            return profile;
        }

        @Test
        @DisplayName("recent items keep the newest distinct items, newest first, up to the bound")
        void recentItemsAreBoundedAndDistinct() {
            UserProfile p =
                    applySmall(
                            List.of(
                                    enriched(EventType.VIEW, "a", T0, X),
                                    enriched(EventType.VIEW, "b", T0.plusSeconds(1), X),
                                    enriched(EventType.VIEW, "c", T0.plusSeconds(2), X),
                                    enriched(EventType.CLICK, "a", T0.plusSeconds(3), X),
                                    enriched(EventType.VIEW, "d", T0.plusSeconds(4), X)));

            assertThat(p.state().getRecentItems())
                    .extracting(RecentItem::getItemId)
                    .containsExactly("d", "a", "c");
            assertThat(p.state().getRecentItems().get(1).getType()).isEqualTo(EventType.CLICK);
        }

        @Test
        @DisplayName(
                "the sequence keeps every interaction with an item, repeats included, oldest first,"
                        + " bounded")
        void sequenceKeepsRepeatsInOrder() {
            UserStateUpdater bounded =
                    new UserStateUpdater(
                            UserStateSettings.DEFAULTS
                                    .withHalfLife(HALF_LIFE)
                                    .withSequenceLength(4));
            List<EnrichedEvent> events =
                    List.of(
                            enriched(EventType.VIEW, "a", T0, X),
                            enriched(EventType.VIEW, "b", T0.plusSeconds(1), X),
                            enriched(EventType.CLICK, "a", T0.plusSeconds(2), X),
                            EnrichedEvent.withoutItem(
                                    event("u1", EventType.SEARCH, null, T0.plusSeconds(3))),
                            enriched(EventType.CLICK, "a", T0.plusSeconds(4), X),
                            enriched(EventType.PURCHASE, "c", T0.plusSeconds(5), X));
            UserProfile p = null;
            for (EnrichedEvent e : events) {
                p = bounded.update(p, e, NOW);
            }

            assertThat(p.state().getSequence())
                    .extracting(RecentItem::getItemId, RecentItem::getType)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("b", EventType.VIEW),
                            org.assertj.core.groups.Tuple.tuple("a", EventType.CLICK),
                            org.assertj.core.groups.Tuple.tuple("a", EventType.CLICK),
                            org.assertj.core.groups.Tuple.tuple("c", EventType.PURCHASE));
            assertThat(p.state().getRecentItems())
                    .extracting(RecentItem::getItemId)
                    .containsExactly("c", "a", "b");
        }

        @Test
        @DisplayName("purchases are tracked separately, newest first, bounded")
        void purchasesAreTracked() {
            UserProfile p =
                    applySmall(
                            List.of(
                                    enriched(EventType.PURCHASE, "a", T0, X),
                                    enriched(EventType.VIEW, "b", T0.plusSeconds(1), X),
                                    enriched(EventType.PURCHASE, "c", T0.plusSeconds(2), X),
                                    enriched(EventType.PURCHASE, "d", T0.plusSeconds(3), X)));

            assertThat(p.state().getPurchasedItems())
                    .extracting(RecentItem::getItemId)
                    .containsExactly("d", "c");
            assertThat(p.state().getPurchasedItems())
                    .allMatch(i -> i.getType() == EventType.PURCHASE);
            assertThat(p.state().getEventCounts())
                    .containsEntry("PURCHASE", 3L)
                    .containsEntry("VIEW", 1L);
        }

        @Test
        @DisplayName("category affinity keeps the strongest categories, decayed like the vector")
        void categoriesAreBoundedAndDecayed() {
            UserProfile p =
                    applySmall(
                            List.of(
                                    enriched(EventType.PURCHASE, "a", "shoes", T0, X),
                                    enriched(EventType.VIEW, "b", "hats", T0, X),
                                    enriched(EventType.VIEW, "c", "bags", T0.plus(HALF_LIFE), X)));

            assertThat(p.state().getCategoryAffinity()).containsOnlyKeys("shoes", "bags");
            assertThat(p.state().getCategoryAffinity().get("shoes")).isCloseTo(2.5f, within(1e-5f));
            assertThat(p.state().getCategoryAffinity().get("bags")).isCloseTo(1f, within(1e-6f));
        }
    }

    @Nested
    class WithoutEmbeddings {
        @Test
        @DisplayName("a user whose items have no embeddings has an empty vector but a full state")
        void noEmbeddings() {
            UserProfile p =
                    apply(
                            List.of(
                                    new EnrichedEvent(
                                            event("u1", EventType.VIEW, "a", T0), null, null),
                                    EnrichedEvent.withoutItem(
                                            event(
                                                    "u1",
                                                    EventType.PURCHASE,
                                                    "b",
                                                    T0.plusSeconds(5))),
                                    EnrichedEvent.withoutItem(
                                            event(
                                                    "u1",
                                                    EventType.SEARCH,
                                                    null,
                                                    T0.plusSeconds(9)))));

            UserState s = p.state();
            assertThat(s.getVector()).isEmpty();
            assertThat(s.getVectorWeight()).isZero();
            assertThat(p.vectorNorm()).isZero();
            assertThat(s.getVersion()).isEqualTo(StateVersions.next(0, T0.plusSeconds(9)));
            assertThat(s.getRecentItems())
                    .extracting(RecentItem::getItemId)
                    .containsExactly("b", "a");
            assertThat(s.getPurchasedItems())
                    .extracting(RecentItem::getItemId)
                    .containsExactly("b");
            assertThat(s.getEventCounts())
                    .containsEntry("SEARCH", 1L)
                    .containsEntry("VIEW", 1L)
                    .containsEntry("PURCHASE", 1L);
            assertThat(s.getLastSeen()).isEqualTo(T0.plusSeconds(9));
        }

        @Test
        @DisplayName("the first embedding after events without one starts the vector")
        void laterEmbeddingStartsVector() {
            UserProfile p =
                    apply(
                            List.of(
                                    enriched(EventType.VIEW, "a", T0),
                                    enriched(EventType.VIEW, "b", T0.plus(HALF_LIFE), 0f, 2f)));

            assertThat(vector(p)).containsExactly(new double[] {0, 1}, within(1e-6));
            assertThat(p.state().getVectorWeight()).isEqualTo(1.0);
        }
    }

    @Nested
    class NewModel {
        @Test
        @DisplayName(
                "a newer embedding of another dimension restarts the vector; an older one is"
                        + " ignored")
        void dimensionChange() {
            UserProfile before = apply(List.of(enriched(EventType.VIEW, "a", T0, X)));

            UserProfile newer =
                    updater.update(
                            before,
                            enriched(EventType.PURCHASE, "b", T0.plusSeconds(1), 0f, 0f, 2f),
                            NOW);
            UserProfile older =
                    updater.update(
                            before,
                            enriched(EventType.VIEW, "c", T0.minusSeconds(1), 1f, 1f, 1f),
                            NOW);

            assertThat(vector(newer)).containsExactly(new double[] {0, 0, 1}, within(1e-6));
            assertThat(newer.state().getVectorWeight()).isEqualTo(5.0);
            assertThat(older.state().getVector()).isEqualTo(before.state().getVector());
            assertThat(older.state().getVersion()).isEqualTo(before.state().getVersion() + 1);
        }
    }

    @Test
    @DisplayName(
            "the update is pure: the same inputs give the same profile and leave the input as it"
                    + " was")
    void updateIsPure() {
        UserProfile before = apply(List.of(enriched(EventType.VIEW, "a", T0, X)));
        UserState copy = UserState.newBuilder(before.state()).build();
        EnrichedEvent next = enriched(EventType.PURCHASE, "b", T0.plus(Duration.ofMinutes(5)), Y);

        UserProfile once = updater.update(before, next, NOW);
        UserProfile twice = updater.update(before, next, NOW);

        assertThat(once).isEqualTo(twice);
        assertThat(before.state()).isEqualTo(copy);
    }

    private static long duplicateTimes(List<EnrichedEvent> sorted) {
        Instant last = sorted.get(sorted.size() - 1).event().getEventTime();
        return sorted.stream().filter(e -> e.event().getEventTime().equals(last)).count() - 1;
    }

    private static EnrichedEvent inSpace(String version, String item, Instant time, float... e) {
        return new EnrichedEvent(event("u1", EventType.VIEW, item, time), e, "c", version);
    }

    @Nested
    class Versions {
        @Test
        @DisplayName(
                "a state lost (TTL expiry, restart without savepoint) and rebuilt from a later"
                        + " event gets a version above every version the lost state published")
        void versionsSurviveStateLoss() {
            List<EnrichedEvent> burst = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                // many events within one second, some out of order: the counter part grows
                burst.add(enriched(EventType.VIEW, "i" + i, T0.plusMillis(1000 - i), 1f, 0f));
            }
            long lost = apply(burst).state().getVersion();

            UserProfile rebuilt =
                    updater.update(
                            null, enriched(EventType.VIEW, "j", T0.plusSeconds(2), 0f, 1f), NOW);

            assertThat(rebuilt.state().getVersion()).isGreaterThan(lost);
        }

        @Test
        @DisplayName("versions go up by at least one per event, whatever the event-time order")
        void strictlyMonotonic() {
            UserProfile p = apply(List.of(enriched(EventType.VIEW, "a", T0, X)));
            long previous = p.state().getVersion();
            for (int i = 1; i <= 5; i++) {
                p =
                        updater.update(
                                p, enriched(EventType.VIEW, "b" + i, T0.minusSeconds(i), X), NOW);
                assertThat(p.state().getVersion()).isEqualTo(previous + 1);
                previous = p.state().getVersion();
            }
        }

        @Test
        @DisplayName("the same events in the same order give the same versions (replays repeat)")
        void deterministic() {
            List<EnrichedEvent> events =
                    List.of(
                            enriched(EventType.VIEW, "a", T0, X),
                            enriched(EventType.VIEW, "b", T0, Y),
                            enriched(EventType.VIEW, "c", T0.minusSeconds(3), X));

            assertThat(apply(events).state().getVersion())
                    .isEqualTo(apply(events).state().getVersion());
        }
    }

    @Nested
    class EmbeddingSpaces {
        @Test
        @DisplayName("the vector carries the embedding version of the items it was built from")
        void vectorCarriesItsSpace() {
            UserProfile p = apply(List.of(inSpace("m1", "a", T0, 1f, 0f)));

            assertThat(p.state().getEmbeddingVersion()).isEqualTo("m1");
        }

        @Test
        @DisplayName(
                "after a retrain with the same dimension, a newer event restarts the vector in the"
                        + " new space: nothing of the old space is mixed in")
        void newSpaceRestartsTheVector() {
            UserProfile old =
                    apply(
                            List.of(
                                    inSpace("m1", "a", T0, 1f, 0f),
                                    inSpace("m1", "b", T0.plusSeconds(1), 1f, 0f)));

            UserProfile moved =
                    updater.update(old, inSpace("m2", "c", T0.plusSeconds(2), 0f, 1f), NOW);

            assertThat(moved.state().getEmbeddingVersion()).isEqualTo("m2");
            assertThat(vector(moved)).containsExactly(new double[] {0, 1}, within(1e-9));
            assertThat(moved.state().getVectorWeight()).isEqualTo(1.0);
        }

        @Test
        @DisplayName(
                "an older event whose item is still in the old space moves no vector of the new"
                        + " space, but counts in the rest of the state")
        void olderEventOfOldSpaceIgnored() {
            UserProfile moved =
                    apply(
                            List.of(
                                    inSpace("m1", "a", T0, 1f, 0f),
                                    inSpace("m2", "c", T0.plusSeconds(2), 0f, 1f)));

            UserProfile after =
                    updater.update(moved, inSpace("m1", "d", T0.plusSeconds(1), 1f, 0f), NOW);

            assertThat(after.state().getEmbeddingVersion()).isEqualTo("m2");
            assertThat(after.state().getVector()).isEqualTo(moved.state().getVector());
            assertThat(after.state().getEventCounts()).containsEntry("VIEW", 3L);
        }

        @Test
        @DisplayName(
                "an unversioned embedding is a space of its own: it never meets a versioned one")
        void unversionedIsItsOwnSpace() {
            UserProfile p =
                    apply(
                            List.of(
                                    inSpace(null, "a", T0, 1f, 0f),
                                    inSpace("m1", "b", T0.plusSeconds(1), 0f, 1f)));

            assertThat(p.state().getEmbeddingVersion()).isEqualTo("m1");
            assertThat(vector(p)).containsExactly(new double[] {0, 1}, within(1e-9));
        }
    }

    private static <K, V> java.util.Map.Entry<K, V> entry(K k, V v) {
        return java.util.Map.entry(k, v);
    }
}
