package dev.perch.streamjobs;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * The one time-to-live policy of the jobs' keyed state: a key's state expires {@code ttl} after its
 * last write (an inactive user or item is forgotten), expired values are never returned, and
 * RocksDB's compaction drops them (its filter re-reads the clock every 1,000 entries).
 */
public final class IdleStateTtl {
    private static final long ENTRIES_PER_CLOCK_READ = 1000;

    private IdleStateTtl() {}

    /** State that lives {@code ttl} after its last write. */
    public static StateTtlConfig of(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .cleanupInRocksdbCompactFilter(ENTRIES_PER_CLOCK_READ)
                .build();
    }
}
