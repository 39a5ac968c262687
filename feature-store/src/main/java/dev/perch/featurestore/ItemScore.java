package dev.perch.featurestore;

/**
 * One result of a nearest-items query: the item and its inner product with the query vector.
 * Results come best first; equal scores are ordered by item id.
 */
public record ItemScore(String itemId, float score) {}
