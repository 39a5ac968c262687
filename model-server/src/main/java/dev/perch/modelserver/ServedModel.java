package dev.perch.modelserver;

import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.sequence.SequenceModel;
import java.util.Objects;

/**
 * What one model artifact puts in service: its ranker and, when it was trained with one, its
 * sequence model (a candidate source and the ranker's sequence features). Both go in and out of
 * service together, because the ranker learnt on that sequence model's scores.
 *
 * @param scorer the ranker
 * @param sequence the sequence model, or null when the artifact carries none
 */
public record ServedModel(CandidateScorer scorer, SequenceModel sequence) {
    public ServedModel {
        Objects.requireNonNull(scorer, "scorer");
    }

    /** A ranker without a sequence model. */
    public static ServedModel of(CandidateScorer scorer) {
        return new ServedModel(scorer, null);
    }

    /** The version in service: the ranker's (the artifact's). */
    public String version() {
        return scorer.version();
    }
}
