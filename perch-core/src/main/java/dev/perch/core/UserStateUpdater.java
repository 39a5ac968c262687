package dev.perch.core;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.RecentItem;
import dev.perch.events.UserState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The user-state update rule: a user's profile and one enriched event give the next profile. Pure
 * and deterministic (the processing time is an argument), shared by the Flink job and the
 * evaluator.
 *
 * <p>One call: the vector moves as {@link UserVectorUpdater} says; the item joins the recent items
 * (and the purchased items for a {@code PURCHASE}) per {@link RecentItemList}, and the ordered
 * sequence (repeats included) per {@link InteractionSequence}; the category affinity decays like
 * the vector and gains the event's weight; the event type's counter goes up; firstSeen and lastSeen
 * widen to the event time; the version moves as {@link StateVersions} says, so it stays ordered
 * across state loss. The vector lives in one {@link EmbeddingSpace}: an event whose item embedding
 * is of another space restarts it in that space when the event is not older than the user's latest
 * (a new model was published), and moves no vector when it is. Events are expected to be valid and
 * de-duplicated already (see {@code ClickEventRules}); the caller filters them.
 */
public final class UserStateUpdater {
    private final UserStateSettings settings;
    private final UserVectorUpdater vectorUpdater;
    private final HalfLifeDecay decay;

    public UserStateUpdater(UserStateSettings settings) {
        this.settings = settings;
        this.vectorUpdater = new UserVectorUpdater(settings);
        this.decay = new HalfLifeDecay(settings.halfLife());
    }

    /** The settings this updater applies. */
    public UserStateSettings settings() {
        return settings;
    }

    /**
     * The profile after this event.
     *
     * @param previous the user's profile, or null for a user's first event
     * @param enriched the event and its item's features
     * @param now the processing time, written to {@code updatedAt} only
     */
    public UserProfile update(UserProfile previous, EnrichedEvent enriched, Instant now) {
        ClickEvent event = enriched.event();
        Instant t = event.getEventTime();
        UserState before = previous == null ? null : previous.state();
        Instant lastSeen = before == null ? t : before.getLastSeen();
        DecayedSum held = previous == null ? DecayedSum.EMPTY : previous.vectorSum();
        EmbeddingSpace space = EmbeddingSpace.of(before);
        EnrichedEvent input = enriched;
        if (enriched.hasEmbedding() && !enriched.embeddingSpace().equals(space)) {
            if (held.isZero() || !t.isBefore(lastSeen)) {
                // a new space (or the first vector): the user's vector restarts in it
                held = DecayedSum.EMPTY;
                space = enriched.embeddingSpace();
            } else {
                // an older event whose item is in another space: it moves no vector
                input = enriched.withoutEmbedding();
            }
        }
        DecayedSum sum = vectorUpdater.update(held, lastSeen.toEpochMilli(), input);

        UserState.Builder next =
                before == null
                        ? UserState.newBuilder()
                                .setUserId(event.getUserId())
                                .setVersion(0)
                                .setFirstSeen(t)
                                .setLastSeen(t)
                        : UserState.newBuilder(before);
        next.setVersion(StateVersions.next(next.getVersion(), t))
                .setVector(toList(sum.direction()))
                .setEmbeddingVersion(sum.isZero() ? null : space.versionOrNull())
                .setVectorWeight(sum.weight())
                .setFirstSeen(min(next.getFirstSeen(), t))
                .setLastSeen(max(next.getLastSeen(), t))
                .setLastEventId(event.getEventId())
                .setLastEventReceivedTime(event.getReceivedTime())
                .setUpdatedAt(now);
        if (event.getItemId() != null) {
            RecentItem item = new RecentItem(event.getItemId(), event.getType(), t);
            next.setRecentItems(
                    RecentItemList.add(recent(before), item, settings.maxRecentItems()));
            next.setSequence(
                    InteractionSequence.add(sequence(before), item, settings.maxSequenceLength()));
            if (event.getType() == EventType.PURCHASE) {
                next.setPurchasedItems(
                        RecentItemList.add(purchased(before), item, settings.maxPurchasedItems()));
            }
        }
        next.setCategoryAffinity(affinity(before, enriched, lastSeen.toEpochMilli()));
        next.setEventCounts(counts(before, event.getType()));
        return new UserProfile(next.build(), sum.norm());
    }

    private Map<String, Float> affinity(UserState before, EnrichedEvent enriched, long reference) {
        long t = enriched.event().getEventTime().toEpochMilli();
        double previousFactor = t >= reference ? decay.factor(t - reference) : 1.0;
        double w = settings.weights().weightOf(enriched.event());
        double contribution = t >= reference ? w : w * decay.factor(reference - t);
        Map<String, Float> result = new TreeMap<>();
        if (before != null) {
            before.getCategoryAffinity()
                    .forEach((k, v) -> result.put(k, (float) (v * previousFactor)));
        }
        if (enriched.category() != null && contribution != 0.0) {
            result.merge(enriched.category(), (float) contribution, Float::sum);
        }
        if (result.size() <= settings.maxCategories()) {
            return result;
        }
        List<Map.Entry<String, Float>> strongest = new ArrayList<>(result.entrySet());
        strongest.sort(
                Map.Entry.<String, Float>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Float> bounded = new TreeMap<>();
        strongest.stream()
                .limit(settings.maxCategories())
                .forEach(e -> bounded.put(e.getKey(), e.getValue()));
        return bounded;
    }

    private static Map<String, Long> counts(UserState before, EventType type) {
        Map<String, Long> counts = new TreeMap<>();
        if (before != null) {
            counts.putAll(before.getEventCounts());
        }
        counts.merge(type.name(), 1L, Long::sum);
        return counts;
    }

    private static List<RecentItem> recent(UserState before) {
        return before == null ? List.of() : before.getRecentItems();
    }

    private static List<RecentItem> sequence(UserState before) {
        return before == null ? List.of() : before.getSequence();
    }

    private static List<RecentItem> purchased(UserState before) {
        return before == null ? List.of() : before.getPurchasedItems();
    }

    private static List<Float> toList(float[] values) {
        List<Float> list = new ArrayList<>(values.length);
        for (float v : values) {
            list.add(v);
        }
        return list;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
