package dev.perch.core.recommend;

import dev.perch.events.ReasonCode;
import java.util.Objects;

/**
 * One item gathered for a user, with the score each source gave it (0 where a source did not
 * propose it). Mutable while gathering; read-only afterwards.
 */
public final class Candidate {
    private static final CandidateSource[] REASON_PRIORITY = {
        CandidateSource.BOUGHT_TOGETHER,
        CandidateSource.NEIGHBORS,
        CandidateSource.FOLLOWS,
        CandidateSource.SEQUENCE,
        CandidateSource.NEAREST,
        CandidateSource.CONTENT,
        CandidateSource.TRENDING,
        CandidateSource.POPULAR
    };

    /** How many sources there are ({@code values()} copies its array on every call). */
    private static final int SOURCES = CandidateSource.values().length;

    private final String itemId;

    // a model server batch holds a few hundred candidates per user: one array and a bit set each,
    // not a copy of values(), a score array and a flag array (issue 16's heap histogram)
    private final double[] scores = new double[SOURCES];
    private int proposed; // bit i: the source of ordinal i proposed this item
    private double sequenceScore;
    private boolean hasSequenceScore;

    public Candidate(String itemId) {
        this.itemId = Objects.requireNonNull(itemId, "itemId");
    }

    public String itemId() {
        return itemId;
    }

    /** Adds {@code score} to what {@code source} gave this item. */
    void add(CandidateSource source, double score) {
        scores[source.ordinal()] += score;
        proposed |= 1 << source.ordinal();
    }

    /** The summed score {@code source} gave this item, 0 when it did not propose it. */
    public double score(CandidateSource source) {
        return scores[source.ordinal()];
    }

    /** Whether {@code source} proposed this item. */
    public boolean proposedBy(CandidateSource source) {
        return (proposed & 1 << source.ordinal()) != 0;
    }

    /** Sets the sequence model's score of this item for the user (a ranking feature). */
    void sequenceScore(double score) {
        this.sequenceScore = score;
        this.hasSequenceScore = true;
    }

    /** The sequence model's score, 0 when it did not score the item. */
    public double sequenceScore() {
        return sequenceScore;
    }

    /** Whether the sequence model scored this item. */
    public boolean hasSequenceScore() {
        return hasSequenceScore;
    }

    /** The most specific reason among the sources that proposed the item. */
    public ReasonCode reason() {
        for (CandidateSource source : REASON_PRIORITY) {
            if (proposedBy(source)) {
                return source.reason();
            }
        }
        return ReasonCode.OTHER;
    }

    @Override
    public String toString() {
        return "Candidate[" + itemId + ", " + reason() + "]";
    }
}
