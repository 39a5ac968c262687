package dev.perch.core.recommend;

import java.util.List;

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

    /**
     * Items that followed {@code itemId} within a few steps in users' sequences, strongest first
     * (directional: see {@code TransitionIndex}). Sources without transitions answer empty.
     */
    default List<ScoredId> followers(String itemId, int n) {
        return List.of();
    }

    /** Trending items in {@code scope} ({@link #GLOBAL} or a top-level category). */
    List<ScoredId> trending(String scope, int n);

    /** The most popular items overall: the cold-start fallback. */
    List<ScoredId> popular(int n);
}
