package dev.perch.streamjobs;

import java.util.Collection;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * A whole-key bloom filter on every RocksDB memtable of the jobs' keyed state, so that a read of a
 * key the memtable does not hold skips the memtable's skip list. Flink's {@code
 * state.backend.rocksdb.use-bloom-filter} builds filters for the SST files only; every keyed-state
 * read still searched the skip lists of the column family's memtables first, and many reads miss
 * them: the first event of a user or item since the last checkpoint (a checkpoint flushes every
 * memtable), the forget time of a user who never asked to be forgotten. Those skip-list searches
 * ({@code InlineSkipList::FindGreaterOrEqual}) were 12 % of the stream jobs' samples at 5,000
 * events/s (issue 16's profile, docs/benchmarks/history.md).
 *
 * <p>The filter is sized from the write buffer: {@value #SIZE_RATIO} of it, about 10 bits per entry
 * for the user profiles' entries of 1-2 KB (fewer bits for smaller entries, whose memtables the
 * write buffer manager flushes sooner). It lives in the memtable's arena, counted by Flink's
 * managed memory like the memtable itself. Reads of keys the memtable holds are unchanged; an
 * insert also sets the key's bits.
 */
public final class MemtableFilter implements RocksDBOptionsFactory {
    private static final long serialVersionUID = 1L;

    /** The filter's size as a share of the write buffer's. */
    static final double SIZE_RATIO = 0.01;

    @Override
    public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handlesToClose) {
        return current;
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(
            ColumnFamilyOptions current, Collection<AutoCloseable> handlesToClose) {
        return current.setMemtablePrefixBloomSizeRatio(SIZE_RATIO)
                .setMemtableWholeKeyFiltering(true);
    }
}
