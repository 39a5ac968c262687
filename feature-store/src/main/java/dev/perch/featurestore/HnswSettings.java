package dev.perch.featurestore;

/**
 * When and how {@link VectorIndex} answers top-K queries from an approximate HNSW graph instead of
 * an exact scan: the catalog size from which it does, and the graph's build and search widths.
 *
 * @param fromItems catalog size from which {@link VectorIndex.Execution#AUTO} queries use the graph
 *     (below it the exact scan is both exact and fast enough); the graph is built in the background
 *     once the catalog reaches this size and dropped when it falls under half of it
 * @param maxConn neighbours per node on the upper levels (twice this on the bottom level); more
 *     means better recall, more memory and a slower build
 * @param beamWidth candidates considered when linking a new node; more means a better graph and a
 *     slower build
 * @param efSearch candidates a query keeps while walking the graph (at least k); more means better
 *     recall and slower queries
 */
public record HnswSettings(int fromItems, int maxConn, int beamWidth, int efSearch) {
    /** 100,000 items (the exact scan takes ~2.4 ms there), M 16, beam 100, ef 100. */
    public static final HnswSettings DEFAULT = new HnswSettings(100_000, 16, 100, 100);

    /** Never approximate: every query is an exact scan. */
    public static final HnswSettings EXACT_ONLY = new HnswSettings(Integer.MAX_VALUE, 16, 100, 100);

    public HnswSettings {
        if (fromItems < 1 || maxConn < 2 || beamWidth < 1 || efSearch < 1) {
            throw new IllegalArgumentException(
                    "HNSW settings must be positive (and maxConn at least 2): fromItems "
                            + fromItems
                            + ", maxConn "
                            + maxConn
                            + ", beamWidth "
                            + beamWidth
                            + ", efSearch "
                            + efSearch);
        }
    }

    public HnswSettings withFromItems(int items) {
        return new HnswSettings(items, maxConn, beamWidth, efSearch);
    }

    public HnswSettings withEfSearch(int ef) {
        return new HnswSettings(fromItems, maxConn, beamWidth, ef);
    }
}
