package dev.perch.streamjobs;

/**
 * One catalog update from perch.items: the item's features, or none when the item was removed.
 *
 * @param itemId the item (the record key)
 * @param features its embedding and category, or null for a tombstone
 */
public record CatalogEntry(String itemId, ItemFeatures features) {}
