package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompactionStyle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;

/**
 * The model server's stores answer a read of a key they do not hold (a shopper new to the instance)
 * from the bloom filter, also once the data sits in the last level.
 */
class StoreRocksDBConfigTest {
    @TempDir Path dir;

    private static final int KEYS = 20_000;
    private static final int ABSENT = 2_000;

    /**
     * Reads {@code ABSENT} keys that are not there from a store of {@code KEYS} keys compacted into
     * its last level, opened with Kafka Streams' own table settings and then {@code configure};
     * returns how many reads the bloom filter answered.
     */
    private long filteredMisses(Path path, Consumer<Options> configure) throws RocksDBException {
        RocksDB.loadLibrary();
        try (Statistics statistics = new Statistics();
                BloomFilter filter = new BloomFilter();
                Options options = new Options()) {
            // what Kafka Streams' RocksDBStore sets before it calls the config setter
            BlockBasedTableConfig table = new BlockBasedTableConfig();
            table.setFilterPolicy(filter);
            options.setTableFormatConfig(table);
            options.setOptimizeFiltersForHits(true);
            options.setCompactionStyle(CompactionStyle.UNIVERSAL);
            options.setCreateIfMissing(true);
            options.setStatistics(statistics);
            configure.accept(options);
            try (RocksDB db = RocksDB.open(options, path.toString())) {
                for (int i = 0; i < KEYS; i++) {
                    db.put(key("user-" + i), new byte[200]);
                }
                db.compactRange();
                long before = statistics.getTickerCount(TickerType.BLOOM_FILTER_USEFUL);
                // absent keys inside the file's key range (one outside it is skipped by range
                // alone)
                for (int i = 0; i < ABSENT; i++) {
                    assertThat(db.get(key("user-" + (KEYS + i)))).isNull();
                }
                assertThat(db.get(key("user-7"))).hasSize(200);
                return statistics.getTickerCount(TickerType.BLOOM_FILTER_USEFUL) - before;
            }
        }
    }

    private static byte[] key(String user) {
        return user.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName(
            "a read of an absent user is answered by the filter of the last level (with Kafka"
                    + " Streams' defaults alone it reads that level's blocks)")
    void givenTheLastLevel_whenAnAbsentUserIsRead_thenTheFilterAnswers() throws Exception {
        StoreRocksDBConfig setter = new StoreRocksDBConfig();
        long withSetter =
                filteredMisses(
                        dir.resolve("perch"),
                        options -> setter.setConfig("latest-recommendations", options, Map.of()));
        long defaults = filteredMisses(dir.resolve("defaults"), options -> {});

        assertThat(withSetter).isGreaterThan(ABSENT * 9L / 10);
        assertThat(defaults).isZero();
    }

    @Test
    @DisplayName("the model server's Kafka Streams settings name the setter")
    void givenAnInstance_thenItsStoresUseTheSetter() {
        assertThat(
                        ModelServer.streamsProperties(
                                        ModelServerConfig.defaults(),
                                        ModelServerAccess.local(),
                                        new ModelServerMetrics(),
                                        new HostInfo("127.0.0.1", 8081),
                                        3)
                                .get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(StoreRocksDBConfig.class);
    }
}
