package dev.perch.streamjobs;

import dev.perch.core.itemstats.CoVisit;

/**
 * What the item-statistics job sends to its per-item operator: a co-visit ({@code follows} false:
 * {@code other} was visited close to {@code item}), a directional transition ({@code follows} true:
 * {@code other} followed {@code item}) or a visit of {@code item} itself ({@code other} null: its
 * all-time popularity gains the visit's weight). One type, so one keyed operator owns an item's
 * lists and popularity and publishes them in one record.
 *
 * @param item the item whose list or popularity gains weight (the key)
 * @param other the neighbour or follower; null for a visit
 * @param weight how much it counts
 * @param eventTime the event time of the later visit, epoch millis
 * @param follows whether this is a transition rather than a co-visit
 */
public record ItemSignal(
        String item, String other, double weight, long eventTime, boolean follows) {

    /** A co-visit. */
    public static ItemSignal coVisit(CoVisit pair) {
        return new ItemSignal(pair.item(), pair.neighbor(), pair.weight(), pair.eventTime(), false);
    }

    /** A visit of {@code item}, weighted by its event type ({@code VisitWeights}). */
    public static ItemSignal visit(String item, double weight, long eventTime) {
        return new ItemSignal(item, null, weight, eventTime, false);
    }

    /** Whether this is a visit of {@link #item} rather than a pair. */
    public boolean isVisit() {
        return other == null;
    }

    /** A transition: {@code t.neighbor()} followed {@code t.item()}. */
    public static ItemSignal transition(CoVisit t) {
        return new ItemSignal(t.item(), t.neighbor(), t.weight(), t.eventTime(), true);
    }
}
