package dev.perch.core;

/**
 * Moves a user's decayed embedding sum by one event. The sum is always held at the user's reference
 * time (the latest event time seen); the result is the same whatever the arrival order.
 *
 * <p>The exact rule, for an event at time {@code t} with weight {@code w} and embedding {@code e},
 * the sum {@code S} and its weight {@code W} being held at reference time {@code T}:
 *
 * <ul>
 *   <li>{@code t >= T} (in order): {@code S = S * d(t - T) + w * e}, {@code W = W * d(t - T) + w},
 *       and the reference time becomes {@code t};
 *   <li>{@code t < T} (out of order): the event decays its own contribution instead, {@code S = S +
 *       w * d(T - t) * e}, {@code W = W + w * d(T - t)}, and the reference time stays {@code T};
 * </ul>
 *
 * where {@code d(x) = 2^(-x / halfLife)}. Either way {@code S = sum_i w_i * d(T - t_i) * e_i} over
 * every event so far, which does not depend on the order they arrived in (up to float rounding). An
 * event without an embedding, or of weight 0, only moves the reference time. An embedding whose
 * dimension differs from the sum's (a new model) restarts the sum from that event when the event is
 * not older than {@code T}, and is ignored when it is.
 */
public final class UserVectorUpdater {
    private final EventWeights weights;
    private final HalfLifeDecay decay;

    public UserVectorUpdater(UserStateSettings settings) {
        this.weights = settings.weights();
        this.decay = new HalfLifeDecay(settings.halfLife());
    }

    /**
     * The sum after this event.
     *
     * @param previous the sum held at {@code referenceMillis}
     * @param referenceMillis the user's latest event time before this event, or this event's time
     *     for a user's first event
     * @param event the event and its item's embedding
     */
    public DecayedSum update(DecayedSum previous, long referenceMillis, EnrichedEvent event) {
        long t = event.event().getEventTime().toEpochMilli();
        double w = weights.weightOf(event.event());
        double previousFactor = t >= referenceMillis ? decay.factor(t - referenceMillis) : 1.0;
        double contribution = t >= referenceMillis ? w : w * decay.factor(referenceMillis - t);
        float[] e = event.embedding();
        if (e == null || w == 0.0) {
            return previousFactor == 1.0 ? previous : previous.decayed(previousFactor);
        }
        if (!previous.isZero() && previous.direction().length != e.length) {
            if (t < referenceMillis) {
                return previous;
            }
            return DecayedSum.fromSum(scaled(e, contribution), contribution);
        }
        double[] sum = previous.isZero() ? new double[e.length] : previous.sum();
        for (int i = 0; i < sum.length; i++) {
            sum[i] = sum[i] * previousFactor + contribution * e[i];
        }
        return DecayedSum.fromSum(sum, previous.weight() * previousFactor + contribution);
    }

    private static double[] scaled(float[] e, double factor) {
        double[] sum = new double[e.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = factor * e[i];
        }
        return sum;
    }
}
