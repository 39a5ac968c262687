package dev.perch.featurestore;

/**
 * The few facts of one catalog item that ranking reads for every candidate, served from memory
 * ({@link FeatureStore#catalogFacts}): no RocksDB read, no Avro decode, no cache.
 *
 * @param available whether it can be bought now (its catalog record)
 * @param category its top-level category (the first of its category path), or null
 * @param popularity its all-time weighted visit count (its perch.item-neighbors record; 0 until the
 *     item-statistics job has counted it)
 */
public record CatalogFacts(boolean available, String category, double popularity) {}
