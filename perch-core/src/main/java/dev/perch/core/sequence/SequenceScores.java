package dev.perch.core.sequence;

import dev.perch.core.recommend.ScoredId;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * A batch of users' scores for every item of one {@link ItemVectors}, from one product (see {@link
 * SequenceModel#scoreAll}): the sequence source's nearest items and every candidate's score are
 * read from it, so an item is scored once per user and the same float serves both. A user without
 * an encoding has no scores.
 */
public final class SequenceScores {
    private final ItemVectors items;
    private final float[] scores;
    private final int[] offsets;

    /**
     * @param items the item vectors whose rows the scores follow
     * @param scores the scores, {@code items.size()} per scored user, in row order
     * @param offsets per user, where its scores start in {@code scores}, or -1 when it has none
     */
    public SequenceScores(ItemVectors items, float[] scores, int[] offsets) {
        this.items = Objects.requireNonNull(items, "items");
        this.scores = Objects.requireNonNull(scores, "scores");
        this.offsets = offsets.clone();
        for (int offset : this.offsets) {
            if (offset != -1 && (offset < 0 || scores.length - offset < items.size())) {
                throw new IllegalArgumentException(
                        "offset " + offset + " leaves fewer than " + items.size() + " scores");
            }
        }
    }

    /** How many users the batch holds. */
    public int users() {
        return offsets.length;
    }

    /** Whether {@code user} was scored (it had an encoding). */
    public boolean scored(int user) {
        return offsets[user] >= 0;
    }

    /** The item vectors these scores follow. */
    public ItemVectors items() {
        return items;
    }

    /** The score of {@code itemId} for {@code user}, or NaN when not scored or the item unknown. */
    public double score(int user, String itemId) {
        int offset = offsets[user];
        if (offset < 0) {
            return Double.NaN;
        }
        int row = items.row(itemId);
        return row < 0 ? Double.NaN : scores[offset + row];
    }

    /**
     * The {@code k} best items of {@code user} whose rows {@code blocked} does not hold, best
     * first, ties by row (empty when not scored): {@link ItemVectors#top} with a row filter, so no
     * item id is looked up while scanning.
     */
    public List<ScoredId> top(int user, int k, BitSet blocked) {
        int offset = offsets[user];
        return offset < 0 ? List.of() : items.top(scores, offset, k, blocked);
    }
}
