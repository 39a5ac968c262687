package dev.perch.streamjobs;

import dev.perch.core.itemstats.CoVisit;

/**
 * What the per-user operators send to the per-item one: a co-visit ({@code follows} false: {@code
 * other} was visited close to {@code item}) or a directional transition ({@code follows} true:
 * {@code other} followed {@code item}). One type, so one keyed operator owns both lists of an item
 * and publishes them in one record.
 *
 * @param item the item whose list gains weight (the key)
 * @param other the neighbour or follower
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

    /** A transition: {@code t.neighbor()} followed {@code t.item()}. */
    public static ItemSignal transition(CoVisit t) {
        return new ItemSignal(t.item(), t.neighbor(), t.weight(), t.eventTime(), true);
    }
}
