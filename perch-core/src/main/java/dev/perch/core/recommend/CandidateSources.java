package dev.perch.core.recommend;

import dev.perch.core.EmbeddingSpace;
import java.util.ArrayList;
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

    /**
     * The scope under which the live path publishes the all-time most popular items (what {@link
     * #popular} answers) beside the trending lists; like {@link #GLOBAL}, not a category name.
     */
    String ALL_TIME = "all-time";

    /** Available items whose embedding has the largest inner product with {@code vector}. */
    List<ScoredId> nearest(float[] vector, int k);

    /**
     * The embedding space of the item embeddings behind {@link #nearest} and the catalog's facts; a
     * user vector of another space must never meet them. Unversioned unless overridden.
     */
    default EmbeddingSpace embeddingSpace() {
        return EmbeddingSpace.UNVERSIONED;
    }

    /**
     * {@link #nearest(float[], int)} for a vector of {@code space}.
     *
     * @throws dev.perch.core.MixedEmbeddingSpacesException when {@code space} is not {@link
     *     #embeddingSpace()}: the caller must check first and fall back to sources that need no
     *     vector
     */
    default List<ScoredId> nearest(float[] vector, EmbeddingSpace space, int k) {
        embeddingSpace().requireSame(space, "nearest items to a user vector");
        return nearest(vector, k);
    }

    /**
     * {@link #nearest(float[], EmbeddingSpace, int)} of every vector, all of {@code space}: the
     * same lists, one per vector. A source that can answer many queries in one pass overrides
     * {@link #nearestAll(List, int)}.
     */
    default List<List<ScoredId>> nearestAll(List<float[]> vectors, EmbeddingSpace space, int k) {
        embeddingSpace().requireSame(space, "nearest items to a user vector");
        return nearestAll(vectors, k);
    }

    /** {@link #nearest(float[], int)} of every vector; one call per vector unless overridden. */
    default List<List<ScoredId>> nearestAll(List<float[]> vectors, int k) {
        List<List<ScoredId>> out = new ArrayList<>(vectors.size());
        for (float[] vector : vectors) {
            out.add(nearest(vector, k));
        }
        return out;
    }

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

    /**
     * The most popular items overall by all-time weighted visit count (perch-core's {@code
     * PopularityCounter}): the cold-start fallback.
     */
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
