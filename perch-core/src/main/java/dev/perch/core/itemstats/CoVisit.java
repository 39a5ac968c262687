package dev.perch.core.itemstats;

/**
 * One directed co-visitation: {@code neighbor} was visited close to {@code item}.
 *
 * @param item the item whose neighbour list gains weight
 * @param neighbor the item visited close to it
 * @param weight how much the pair counts (event types and distance)
 * @param eventTime the event time of the later visit, epoch millis
 */
public record CoVisit(String item, String neighbor, double weight, long eventTime) {}
