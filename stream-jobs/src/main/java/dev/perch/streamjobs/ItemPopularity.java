package dev.perch.streamjobs;

/**
 * An item's all-time popularity as the item-statistics job keeps it: the sum of its visits' weights
 * (perch-core {@code VisitWeights}, as the evaluator's {@code PopularityCounter} adds them) and the
 * event time of the latest visit counted.
 *
 * @param count the weighted visit count
 * @param asOf the event time of the latest visit counted, epoch millis
 */
public record ItemPopularity(double count, long asOf) {
    /** This popularity with one more visit of {@code weight} at {@code eventTime}. */
    public ItemPopularity plus(double weight, long eventTime) {
        return new ItemPopularity(count + weight, Math.max(asOf, eventTime));
    }
}
