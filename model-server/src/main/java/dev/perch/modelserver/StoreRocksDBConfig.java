package dev.perch.modelserver;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * The model server's RocksDB settings for its two stores ({@code rocksdb.config.setter}): Kafka
 * Streams' defaults, except that the bloom filters also cover the last level.
 *
 * <p>Kafka Streams turns on {@code optimize_filters_for_hits}, which builds no bloom filter for the
 * bottommost level: right for a store whose reads mostly find their key. The model server reads
 * {@code latest-recommendations} for every user whose state arrives while none of theirs waits (the
 * version guard), and a shopper new to the instance has no list there yet: that read missed the
 * caches and, without a filter, sought the index and a data block of the last level (about 2.7 % of
 * the model server's samples at 5,000 events/s, issue 16). With the filter a miss costs a filter
 * probe; the price is the filter's memory, about 10 bits a key.
 */
public final class StoreRocksDBConfig implements RocksDBConfigSetter {
    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        options.setOptimizeFiltersForHits(false);
    }

    @Override
    public void close(String storeName, Options options) {
        // nothing of its own to free
    }
}
