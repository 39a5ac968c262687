package dev.perch.model.train;

/**
 * How a training run with a sequence model shares its events between the sequence model and the
 * ranker. The ranker must learn on next items the sequence model was not fitted to, or it learns to
 * over-trust the model's scores; the two splits keep that rule for two kinds of data.
 */
public enum SequenceSplit {
    /**
     * By event time: the trainer holds out its latest events for its own metrics, the sequence
     * model learns on the earlier {@link PerchTrainer#SEQUENCE_SHARE} of the rest and the ranker on
     * the next items of the later part. Right for a shop's click-stream, where a retrained model
     * serves the events that come after its data.
     */
    TIME,
    /**
     * By user: the sequence model learns on every user's events but the last (SASRec's split: each
     * user's last item is its early-stopping target), and the ranker learns on those last items,
     * each predicted from the user's whole history before it. Nothing is held out by time, so the
     * trainer reports no hold-out metrics. Right for leave-one-out, where the item to predict comes
     * after each user's whole history: a split by time keeps the sequence model from the latest
     * part of the longest histories (on MovieLens-1M, whose time is a user's n-th rating, the tails
     * of the heaviest users).
     */
    LAST_ITEM
}
