package dev.perch.core.recommend;

import java.util.List;
import java.util.Optional;

/**
 * Where candidates come from. Every method answers best first, at most the number asked for, and an
 * empty list (never null) when it knows nothing. Implementations: the feature store (model server)
 * and in-memory statistics (evaluator).
 */
public interface CandidateSources {
    /** The scope of the global trending list; other scopes are top-level category names. */
    String GLOBAL = "global";

    /** Available items whose embedding has the largest inner product with {@code vector}. */
    List<ScoredId> nearest(float[] vector, int k);

    /** Items co-visited with {@code itemId}, strongest first. */
    List<ScoredId> neighbors(String itemId, int n);

    /** Trending items in {@code scope} ({@link #GLOBAL} or a top-level category). */
    List<ScoredId> trending(String scope, int n);

    /** The most popular items overall: the cold-start fallback. */
    List<ScoredId> popular(int n);

    /**
     * The unit-length text embedding of an item (the sentence encoder over its title, description,
     * category and attributes), empty when the item or its text is unknown.
     */
    default Optional<float[]> textEmbedding(String itemId) {
        return Optional.empty();
    }

    /**
     * Available items whose text embedding has the largest inner product (cosine: both unit length)
     * with {@code vector}, best first; empty where no text embeddings are kept.
     */
    default List<ScoredId> nearestText(float[] vector, int k) {
        return List.of();
    }
}
