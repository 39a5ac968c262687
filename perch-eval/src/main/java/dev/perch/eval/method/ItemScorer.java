package dev.perch.eval.method;

/**
 * A method that can score any item for a user, as the sampled-negatives protocol needs (a method
 * that only produces lists cannot be evaluated that way).
 */
public interface ItemScorer {
    /** The score of {@code item} for {@code query}'s user; higher is better. */
    double score(Query query, String item);
}
