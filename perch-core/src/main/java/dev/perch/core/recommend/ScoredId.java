package dev.perch.core.recommend;

import java.util.Objects;

/**
 * An item id with a score from one candidate source (inner product, co-visitation weight, trending
 * count, popularity); higher is better, comparable only within one source.
 *
 * @param itemId the catalog item
 * @param score the source's score
 */
public record ScoredId(String itemId, double score) {
    public ScoredId {
        Objects.requireNonNull(itemId, "itemId");
    }
}
