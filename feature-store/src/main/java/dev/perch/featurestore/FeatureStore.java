package dev.perch.featurestore;

import static dev.perch.featurestore.StoreFormat.utf8;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perch.core.recommend.ItemFacts;
import dev.perch.events.Item;
import dev.perch.events.ItemIds;
import dev.perch.events.ItemNeighbors;
import dev.perch.events.ScoredItem;
import dev.perch.events.TrendingItems;
import dev.perch.events.serde.AvroCodec;
import dev.perch.events.serde.RecordDecodeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store of item records, embeddings, neighbours and trending lists (RocksDB, one
 * column family each, plus meta: format marker, embedding version, consumed offsets), with an
 * in-memory {@link VectorIndex} over the embeddings rebuilt at open and kept current on every
 * write.
 */
public final class FeatureStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureStore.class);
    private static final int LOAD_BATCH_ROWS = 10_000;

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final List<ColumnFamilyHandle> handles;
    private final RocksDB db;
    private final ColumnFamilyHandle items;
    private final ColumnFamilyHandle embeddings;
    private final ColumnFamilyHandle neighbors;
    private final ColumnFamilyHandle trending;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle text;
    private final AvroCodec<Item> itemCodec = AvroCodec.of(Item.class);
    private final AvroCodec<ItemNeighbors> neighborsCodec = AvroCodec.of(ItemNeighbors.class);
    private final AvroCodec<TrendingItems> trendingCodec = AvroCodec.of(TrendingItems.class);

    /**
     * Decoded records served from memory: the model server reads the neighbour lists of every
     * user's recent items and the trending lists for every user it scores, and a RocksDB get plus
     * an Avro decode per read was the largest part of its CPU (issue 16's profile). (Embeddings are
     * read from the vector index and the per-candidate facts from {@link #catalogFacts}.) Each
     * cache is bounded by the encoded size of what it holds ({@link #READ_CACHE_BYTES}; decoded
     * objects take about three times that). Once RocksDB has a write, the neighbour lists and
     * trending lists it put become what the caches hold for their keys (the writer's decoded
     * record, its ids made canonical: the model server's updater writes a changed list every few
     * milliseconds, and dropping the key instead made the next read of a hot item pay a RocksDB get
     * and a decode of what the updater had just decoded); any other change, and a bulk load, drops
     * the keys it changes (a read in between may still see the record before the write, as it could
     * before the write reached RocksDB). Cached records are shared: callers must not modify them.
     */
    private final Cache<String, Decoded<Item>> itemCache = readCache();

    private final Cache<String, Decoded<ItemNeighbors>> neighborsCache = readCache();
    private final Cache<String, Decoded<TrendingItems>> trendingCache = readCache();

    /** One cached read: the decoded record (null: the store has none) and its encoded size. */
    private record Decoded<T>(T value, int bytes) {}

    /**
     * Encoded bytes each read cache holds at most: 32 MiB, about 300,000 items of a typical catalog
     * record, 120,000 64-dimensional embeddings or 40,000 neighbour lists of 20 + 20 entries.
     */
    static final long READ_CACHE_BYTES = 32L << 20;

    /** Look-ups and writes hold it shared, close holds it exclusive: no use of a closed RocksDB. */
    private final ReentrantReadWriteLock openLock = new ReentrantReadWriteLock();

    private final HnswSettings hnsw;
    private volatile VectorIndex index;
    private volatile VectorIndex textIndex = new VectorIndex();

    /**
     * Availability, top-level category and popularity of every item, in memory: ranking reads them
     * for every candidate of every user, and a cached record read per candidate was a quarter of
     * the model server's CPU in issue 16's profile.
     */
    private final CatalogFactsTable facts = new CatalogFactsTable();

    private final CatalogTextIndex catalogText = new CatalogTextIndex();
    private volatile boolean closed;

    private FeatureStore(
            Path directory,
            DBOptions dbOptions,
            ColumnFamilyOptions cfOptions,
            List<ColumnFamilyHandle> handles,
            RocksDB db,
            HnswSettings hnsw) {
        this.directory = directory;
        this.hnsw = hnsw;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.handles = handles;
        this.db = db;
        this.items = handle(StoreFormat.ITEMS);
        this.embeddings = handle(StoreFormat.EMBEDDINGS);
        this.neighbors = handle(StoreFormat.NEIGHBORS);
        this.trending = handle(StoreFormat.TRENDING);
        this.meta = handle(StoreFormat.META);
        this.text = handle(StoreFormat.TEXT);
    }

    /**
     * Opens the feature store in {@code directory}, creating it when the directory is missing or
     * empty, and rebuilds the search index from the stored embeddings.
     *
     * @throws FeatureStoreException if the directory holds something else (other files, a RocksDB
     *     database that is not a feature store, a store of another format version) or is corrupt
     */
    public static FeatureStore open(Path directory) {
        return open(directory, HnswSettings.DEFAULT);
    }

    /**
     * Opens the feature store in {@code directory} as {@link #open(Path)} does, with these settings
     * for the approximate top-K index.
     */
    public static FeatureStore open(Path directory, HnswSettings hnsw) {
        Path dir = directory.toAbsolutePath();
        boolean create = prepare(dir);
        boolean addText = !create && !listFamilies(dir).contains(StoreFormat.TEXT);
        DBOptions dbOptions =
                new DBOptions()
                        .setCreateIfMissing(create)
                        .setCreateMissingColumnFamilies(create || addText)
                        .setParanoidChecks(true);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
        StoreFormat.FAMILIES.forEach(
                name -> descriptors.add(new ColumnFamilyDescriptor(utf8(name), cfOptions)));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            cfOptions.close();
            dbOptions.close();
            throw new FeatureStoreException(dir, "RocksDB cannot open it: " + e.getMessage(), e);
        }
        FeatureStore store = new FeatureStore(dir, dbOptions, cfOptions, handles, db, hnsw);
        try {
            if (create) {
                store.writeMarker();
            } else {
                store.checkMarker();
            }
            store.index = store.buildIndex();
            store.buildCatalogIndexes();
            store.buildPopularity();
            store.facts.replaceEmbeddings(store.index);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        LOG.info(
                "Opened feature store {} ({}): {} embeddings of dimension {}, embedding version {},"
                        + " {} text embeddings",
                dir,
                create ? "new" : addText ? "existing, text family added" : "existing",
                store.index.size(),
                store.index.dimension(),
                store.embeddingVersion().orElse("none"),
                store.textIndex.size());
        return store;
    }

    /** True when a new store is to be created; refuses anything that is not one of ours. */
    private static boolean prepare(Path dir) {
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                return true;
            }
            if (!Files.isDirectory(dir)) {
                throw new FeatureStoreException(dir, "is not a directory");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isEmpty()) {
                    return true;
                }
            }
        } catch (IOException e) {
            throw new FeatureStoreException(dir, "cannot be created or listed: " + e, e);
        }
        if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
            throw new FeatureStoreException(
                    dir,
                    "is not empty and holds no RocksDB database (no CURRENT file): not a Perch"
                            + " feature store; refusing to write into it");
        }
        List<String> families = listFamilies(dir);
        Set<String> expected = new HashSet<>(StoreFormat.FAMILIES);
        expected.add(StoreFormat.string(RocksDB.DEFAULT_COLUMN_FAMILY));
        Set<String> beforeText = new HashSet<>(StoreFormat.FAMILIES_BEFORE_TEXT);
        beforeText.add(StoreFormat.string(RocksDB.DEFAULT_COLUMN_FAMILY));
        if (!new HashSet<>(families).equals(expected)
                && !new HashSet<>(families).equals(beforeText)) {
            throw new FeatureStoreException(
                    dir,
                    "is a RocksDB database but not a Perch feature store: its column families are "
                            + families
                            + ", a feature store has "
                            + StoreFormat.FAMILIES);
        }
        return false;
    }

    private static List<String> listFamilies(Path dir) {
        try (Options options = new Options()) {
            List<String> names = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
                names.add(StoreFormat.string(name));
            }
            return names;
        } catch (RocksDBException e) {
            throw new FeatureStoreException(
                    dir, "is corrupt: RocksDB cannot read its manifest: " + e.getMessage(), e);
        }
    }

    private void writeMarker() {
        try (WriteBatch batch = new WriteBatch();
                WriteOptions sync = new WriteOptions().setSync(true)) {
            batch.put(meta, StoreFormat.MARKER_KEY, utf8(StoreFormat.MARKER));
            batch.put(meta, StoreFormat.VERSION_KEY, utf8(Integer.toString(StoreFormat.VERSION)));
            db.write(sync, batch);
        } catch (RocksDBException e) {
            throw failure("cannot write the format marker", e);
        }
    }

    private void checkMarker() {
        byte[] marker = get(meta, StoreFormat.MARKER_KEY);
        if (marker == null || !StoreFormat.MARKER.equals(StoreFormat.string(marker))) {
            throw new FeatureStoreException(
                    directory,
                    "is a RocksDB database with the feature store's column families but no Perch"
                            + " format marker: not a Perch feature store");
        }
        byte[] version = get(meta, StoreFormat.VERSION_KEY);
        String found = version == null ? "none" : StoreFormat.string(version);
        if (!Integer.toString(StoreFormat.VERSION).equals(found)) {
            throw new FeatureStoreException(
                    directory,
                    "has feature store format version "
                            + found
                            + ", this build reads version "
                            + StoreFormat.VERSION);
        }
    }

    public Path directory() {
        return directory;
    }

    /** The catalog record of one item (its embedding is in {@link #embedding}). */
    public Optional<Item> item(String itemId) {
        return cached(itemCache, items, itemId, b -> decode(itemCodec, b, itemId));
    }

    /**
     * An item's embedding, from the in-memory {@link #index()} (which holds exactly the stored
     * embeddings: a write or a bulk load reaches both or neither).
     */
    public Optional<float[]> embedding(String itemId) {
        checkOpen();
        return index.vector(itemId);
    }

    /**
     * The availability, top-level category, popularity and embedding of a cataloged item, from
     * memory in one look-up; empty for an item without a catalog record. Current with the last
     * write, as {@link #item} and {@link #embedding} are.
     */
    public Optional<CatalogFacts> catalogFacts(String itemId) {
        checkOpen();
        return facts.get(itemId);
    }

    /**
     * What ranking reads of a cataloged item (availability, top-level category, popularity,
     * embedding, text embedding), from memory in one look-up; empty for an item without a catalog
     * record. The object and its arrays are shared (the same until the item changes): callers must
     * not modify them.
     */
    public Optional<ItemFacts> itemFacts(String itemId) {
        checkOpen();
        return Optional.ofNullable(facts.itemFacts(itemId));
    }

    /**
     * The neighbour record of an item; the ids in its lists are {@link ItemIds#canonical} (so are
     * those of {@link #trending}, the facts table's and the index's), as candidates are looked up
     * by them.
     */
    public Optional<ItemNeighbors> neighbors(String itemId) {
        return cached(
                neighborsCache,
                neighbors,
                itemId,
                b -> withCanonicalIds(decode(neighborsCodec, b, itemId)));
    }

    private ItemNeighbors withCanonicalIds(ItemNeighbors read) {
        canonicalize(read.getNeighbors());
        canonicalize(read.getFollowers());
        return read;
    }

    private TrendingItems withCanonicalIds(TrendingItems read) {
        canonicalize(read.getItems());
        return read;
    }

    /**
     * Each item's id replaced in place by its canonical object ({@link
     * CatalogFactsTable#canonicalId}).
     */
    private void canonicalize(List<ScoredItem> items) {
        for (ScoredItem item : items) {
            item.setItemId(facts.canonicalId(item.getItemId()));
        }
    }

    /** The trending list of a scope: "*" for the whole shop, else a top-level category. */
    public Optional<TrendingItems> trending(String scope) {
        return cached(
                trendingCache,
                trending,
                scope,
                b -> withCanonicalIds(decode(trendingCodec, b, scope)));
    }

    /** The record of {@code key} in {@code family}, from the cache or read and decoded once. */
    private <T> Optional<T> cached(
            Cache<String, Decoded<T>> cache,
            ColumnFamilyHandle family,
            String key,
            Function<byte[], T> decoder) {
        checkOpen();
        Decoded<T> read =
                cache.get(
                        key,
                        k -> {
                            byte[] bytes = get(family, utf8(k));
                            return bytes == null
                                    ? new Decoded<>(null, 0)
                                    : new Decoded<>(decoder.apply(bytes), bytes.length);
                        });
        return Optional.ofNullable(read.value());
    }

    private static <T> Cache<String, Decoded<T>> readCache() {
        return Caffeine.newBuilder()
                // eviction upkeep on the reading thread, not handed to the common pool: the
                // hand-off alone (a pool thread woken) took 2.5 % of the model server's samples
                // in the JFR profile of docs/benchmarks/history.md, on a machine with no core to
                // spare
                .executor(Runnable::run)
                .maximumWeight(READ_CACHE_BYTES)
                .weigher((String key, Decoded<T> read) -> 48 + 2 * key.length() + read.bytes())
                .build();
    }

    /**
     * After RocksDB has {@code op}: a neighbour or trending list it put becomes the cached read of
     * its key (its ids made canonical, as a read would make them); any other change drops the
     * cached reads of the keys it changed.
     */
    private void settleCaches(StoreBatch.Op op, Map<StoreBatch.Op, Integer> encodedSizes) {
        if (op instanceof StoreBatch.PutNeighbors put) {
            ItemNeighbors written = put.neighbors();
            neighborsCache.put(
                    written.getItemId(),
                    new Decoded<>(withCanonicalIds(written), encodedSizes.get(op)));
        } else if (op instanceof StoreBatch.PutTrending put) {
            TrendingItems written = put.trending();
            trendingCache.put(
                    written.getScope(),
                    new Decoded<>(withCanonicalIds(written), encodedSizes.get(op)));
        } else {
            invalidate(op);
        }
    }

    /** Drops the cached reads of the keys {@code op} changed (after RocksDB has the change). */
    private void invalidate(StoreBatch.Op op) {
        if (op instanceof StoreBatch.PutItem put) {
            itemCache.invalidate(put.item().getItemId());
        } else if (op instanceof StoreBatch.DeleteItem delete) {
            itemCache.invalidate(delete.itemId());
        } else if (op instanceof StoreBatch.DeleteNeighbors delete) {
            neighborsCache.invalidate(delete.itemId());
        } else if (op instanceof StoreBatch.DeleteTrending delete) {
            trendingCache.invalidate(delete.scope());
        }
    }

    /** The version of the model whose embeddings were last loaded in bulk; empty if none (yet). */
    public Optional<String> embeddingVersion() {
        return Optional.ofNullable(get(meta, StoreFormat.EMBEDDING_VERSION_KEY))
                .map(StoreFormat::string);
    }

    /**
     * Whether an item embedding of {@code version} (null: unversioned) may join the store's: only
     * one of the store's own version, so that vectors of two models never meet in the index. A
     * store without a version takes any while it holds no embedding (its first versioned embedding
     * then names its version), and unversioned ones after that.
     */
    public boolean acceptsEmbeddingOf(String version) {
        Optional<String> held = embeddingVersion();
        if (held.isPresent()) {
            return held.get().equals(version);
        }
        return version == null || index.size() == 0;
    }

    /** The next offset to consume from a topic partition, as written by the last batch. */
    public OptionalLong offset(String topic, int partition) {
        byte[] value = get(meta, StoreFormat.offsetKey(topic, partition));
        return value == null
                ? OptionalLong.empty()
                : OptionalLong.of(ByteBuffer.wrap(value).getLong());
    }

    /** The search index over the embeddings; always current with the last write. */
    public VectorIndex index() {
        return index;
    }

    /** The unit-length embedding of an item's text, empty when it has none (yet). */
    public Optional<float[]> textEmbedding(String itemId) {
        return textIndex.vector(itemId);
    }

    /** The {@link ItemText#hash} of the text an item's stored text embedding encodes. */
    public OptionalLong textHash(String itemId) {
        byte[] value = get(text, utf8(itemId));
        return value == null
                ? OptionalLong.empty()
                : OptionalLong.of(ByteBuffer.wrap(value).getLong());
    }

    /** The search index over the text embeddings; always current with the last write. */
    public VectorIndex textIndex() {
        return textIndex;
    }

    /** The k items whose text embedding is nearest to {@code query} that pass the filter. */
    public List<ItemScore> nearestText(float[] query, int k, SearchFilter filter) {
        VectorIndex idx = textIndex;
        if (idx.size() == 0 || idx.dimension() != query.length) {
            return List.of();
        }
        return idx.topK(query, k, filter);
    }

    /** The lexical (BM25) index and the vocabulary of the catalog's text. */
    public CatalogTextIndex catalogText() {
        return catalogText;
    }

    /** The k nearest items by inner product that pass the filter; see {@link VectorIndex#topK}. */
    public List<ItemScore> nearest(float[] query, int k, SearchFilter filter) {
        return index.topK(query, k, filter);
    }

    /** {@link #nearest} of every query, read in one pass; see {@link VectorIndex#topKAll}. */
    public List<List<ItemScore>> nearestAll(List<float[]> queries, int k, SearchFilter filter) {
        return index.topKAll(queries, k, filter);
    }

    /**
     * {@link #nearestAll(List, int, SearchFilter)} with the inner products of the exact scan
     * computed by {@code products} (null: the Java scan); see {@link VectorIndex#topKAll(List, int,
     * SearchFilter, InnerProducts)}.
     */
    public List<List<ItemScore>> nearestAll(
            List<float[]> queries, int k, SearchFilter filter, InnerProducts products) {
        return index.topKAll(queries, k, filter, products);
    }

    /** Writes a batch atomically, then applies it to the search index. */
    public synchronized void write(StoreBatch batch) {
        Map<StoreBatch.Op, Integer> encodedSizes = new IdentityHashMap<>();
        openLock.readLock().lock();
        try {
            checkOpen();
            writeOpen(batch, encodedSizes);
        } finally {
            openLock.readLock().unlock();
        }
        // after RocksDB has the batch, and outside the open lock: a cache loader waits for that
        // lock while it holds its key, so changing the caches under it could close a cycle with
        // close(); in the batch's order, so the last change of a key is what stays
        for (StoreBatch.Op op : batch.ops()) {
            settleCaches(op, encodedSizes);
        }
    }

    private void writeOpen(StoreBatch batch, Map<StoreBatch.Op, Integer> encodedSizes) {
        if (batch.isEmpty()) {
            return;
        }
        checkEmbeddings(batch);
        try (WriteBatch wb = new WriteBatch();
                WriteOptions options = new WriteOptions()) {
            for (StoreBatch.Op op : batch.ops()) {
                stage(wb, op, encodedSizes);
            }
            db.write(options, wb);
        } catch (RocksDBException e) {
            throw failure("cannot write a batch of " + batch.size() + " changes", e);
        }
        for (StoreBatch.Op op : batch.ops()) {
            applyToIndex(op);
        }
        catalogText.refresh();
    }

    /**
     * Refuses an embedding the index could not take (NaN or infinity, or a dimension other than the
     * index's), so a batch is either written and indexed whole or not written at all.
     *
     * @throws IllegalArgumentException naming the item
     */
    public void checkEmbedding(String itemId, float[] vector) {
        VectorIndex idx = index;
        checkFinite(new ItemVector(itemId, vector));
        if (idx.size() > 0 && vector.length != idx.dimension()) {
            throw new IllegalArgumentException(
                    "item "
                            + itemId
                            + " has a "
                            + vector.length
                            + "-dimensional embedding; the store holds "
                            + idx.dimension());
        }
    }

    private void checkEmbeddings(StoreBatch batch) {
        int dimension = index.size() > 0 ? index.dimension() : -1;
        for (StoreBatch.Op op : batch.ops()) {
            ItemVector v = null;
            if (op instanceof StoreBatch.PutEmbedding put) {
                v = new ItemVector(put.itemId(), put.vector());
            } else if (op instanceof StoreBatch.PutItem put && put.item().getEmbedding() != null) {
                v = new ItemVector(put.item().getItemId(), toArray(put.item().getEmbedding()));
            }
            if (v != null) {
                checkFinite(v);
                dimension = sameDimension(v, dimension);
            }
        }
        int textDimension = textIndex.size() > 0 ? textIndex.dimension() : -1;
        for (StoreBatch.Op op : batch.ops()) {
            if (op instanceof StoreBatch.PutText put) {
                ItemVector v = new ItemVector(put.itemId(), put.vector());
                checkFinite(v);
                textDimension = sameDimension(v, textDimension);
            }
        }
    }

    private void stage(WriteBatch wb, StoreBatch.Op op, Map<StoreBatch.Op, Integer> encodedSizes)
            throws RocksDBException {
        if (op instanceof StoreBatch.PutItem put) {
            Item item = put.item();
            byte[] key = utf8(item.getItemId());
            if (item.getEmbedding() != null) {
                wb.put(embeddings, key, VectorBytes.encode(toArray(item.getEmbedding())));
                if (item.getEmbeddingVersion() != null && embeddingVersion().isEmpty()) {
                    wb.put(
                            meta,
                            StoreFormat.EMBEDDING_VERSION_KEY,
                            utf8(item.getEmbeddingVersion()));
                }
                item = Item.newBuilder(item).setEmbedding(null).build();
            }
            wb.put(items, key, itemCodec.encode(item));
        } else if (op instanceof StoreBatch.DeleteItem delete) {
            wb.delete(items, utf8(delete.itemId()));
            wb.delete(embeddings, utf8(delete.itemId()));
            wb.delete(text, utf8(delete.itemId()));
        } else if (op instanceof StoreBatch.PutText put) {
            byte[] vector = VectorBytes.encode(put.vector());
            wb.put(
                    text,
                    utf8(put.itemId()),
                    ByteBuffer.allocate(Long.BYTES + vector.length)
                            .putLong(put.textHash())
                            .put(vector)
                            .array());
        } else if (op instanceof StoreBatch.PutEmbedding put) {
            wb.put(embeddings, utf8(put.itemId()), VectorBytes.encode(put.vector()));
        } else if (op instanceof StoreBatch.DeleteEmbedding delete) {
            wb.delete(embeddings, utf8(delete.itemId()));
        } else if (op instanceof StoreBatch.PutNeighbors put) {
            byte[] bytes = neighborsCodec.encode(put.neighbors());
            wb.put(neighbors, utf8(put.neighbors().getItemId()), bytes);
            encodedSizes.put(op, bytes.length);
        } else if (op instanceof StoreBatch.DeleteNeighbors delete) {
            wb.delete(neighbors, utf8(delete.itemId()));
        } else if (op instanceof StoreBatch.PutTrending put) {
            byte[] bytes = trendingCodec.encode(put.trending());
            wb.put(trending, utf8(put.trending().getScope()), bytes);
            encodedSizes.put(op, bytes.length);
        } else if (op instanceof StoreBatch.DeleteTrending delete) {
            wb.delete(trending, utf8(delete.scope()));
        } else if (op instanceof StoreBatch.Offset offset) {
            wb.put(
                    meta,
                    StoreFormat.offsetKey(offset.topic(), offset.partition()),
                    ByteBuffer.allocate(Long.BYTES).putLong(offset.nextOffset()).array());
        }
    }

    private void applyToIndex(StoreBatch.Op op) {
        VectorIndex idx = index;
        if (op instanceof StoreBatch.PutItem put) {
            Item item = put.item();
            facts.putItem(item);
            textIndex.updateMeta(item.getItemId(), ItemMeta.of(item));
            catalogText.put(item);
            if (item.getEmbedding() != null) {
                float[] vector = toArray(item.getEmbedding());
                idx.upsert(item.getItemId(), vector, ItemMeta.of(item));
                facts.putEmbedding(item.getItemId(), vector);
            } else {
                idx.updateMeta(item.getItemId(), ItemMeta.of(item));
            }
        } else if (op instanceof StoreBatch.DeleteItem delete) {
            facts.deleteItem(delete.itemId());
            idx.remove(delete.itemId());
            textIndex.remove(delete.itemId());
            catalogText.remove(delete.itemId());
        } else if (op instanceof StoreBatch.PutText put) {
            textIndex.upsert(put.itemId(), put.vector(), metaOf(put.itemId()));
            facts.putText(put.itemId(), put.vector().clone());
        } else if (op instanceof StoreBatch.PutEmbedding put) {
            idx.upsert(put.itemId(), put.vector(), metaOf(put.itemId()));
            facts.putEmbedding(put.itemId(), put.vector().clone());
        } else if (op instanceof StoreBatch.DeleteEmbedding delete) {
            idx.remove(delete.itemId());
            facts.putEmbedding(delete.itemId(), null);
        } else if (op instanceof StoreBatch.PutNeighbors put) {
            facts.putPopularity(put.neighbors().getItemId(), put.neighbors().getPopularity());
        } else if (op instanceof StoreBatch.DeleteNeighbors delete) {
            facts.deletePopularity(delete.itemId());
        }
    }

    private ItemMeta metaOf(String itemId) {
        return item(itemId).map(ItemMeta::of).orElse(ItemMeta.UNKNOWN);
    }

    /**
     * Replaces every embedding with these (vectors of two models are not comparable, so they never
     * mix) and records {@code version}. A model artifact's file is read by the model ({@code
     * ModelArtifact.loadEmbeddings} in perch-model), which hands its vectors here. Writes skip the
     * WAL and are flushed at the end; the version is cleared first and written last, so an
     * interrupted load leaves no version and is redone.
     *
     * @return how many vectors were loaded
     * @throws IllegalArgumentException if the vectors differ in dimension or hold NaN or infinity
     */
    public synchronized long loadEmbeddings(String version, Iterator<ItemVector> vectors) {
        openLock.readLock().lock();
        try {
            checkOpen();
            return loadOpen(version, vectors);
        } finally {
            openLock.readLock().unlock();
        }
    }

    private long loadOpen(String version, Iterator<ItemVector> vectors) {
        long loaded = 0;
        try (WriteOptions sync = new WriteOptions().setSync(true);
                WriteOptions noWal = new WriteOptions().setDisableWAL(true);
                FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.delete(meta, sync, StoreFormat.EMBEDDING_VERSION_KEY);
            deleteAll(embeddings, sync);
            int dimension = -1;
            WriteBatch batch = new WriteBatch();
            try {
                while (vectors.hasNext()) {
                    ItemVector v = vectors.next();
                    dimension = sameDimension(v, dimension);
                    checkFinite(v);
                    batch.put(embeddings, utf8(v.itemId()), VectorBytes.encode(v.vector()));
                    if (++loaded % LOAD_BATCH_ROWS == 0) {
                        db.write(noWal, batch);
                        batch.clear();
                    }
                }
                db.write(noWal, batch);
            } finally {
                batch.close();
            }
            db.flush(flush, embeddings);
            db.put(meta, sync, StoreFormat.EMBEDDING_VERSION_KEY, utf8(version));
        } catch (RocksDBException e) {
            throw failure("bulk load of embeddings failed after " + loaded + " vectors", e);
        } finally {
            VectorIndex old = index;
            VectorIndex built = buildIndex();
            facts.replaceEmbeddings(built);
            index = built;
            old.close();
        }
        return loaded;
    }

    private void deleteAll(ColumnFamilyHandle family, WriteOptions options)
            throws RocksDBException {
        try (RocksIterator it = db.newIterator(family)) {
            it.seekToFirst();
            if (!it.isValid()) {
                return;
            }
            byte[] first = it.key();
            it.seekToLast();
            byte[] end = Arrays.copyOf(it.key(), it.key().length + 1);
            db.deleteRange(family, options, first, end);
        }
    }

    /** Scans embeddings and items together (both sorted by key) into a fresh index. */
    private VectorIndex buildIndex() {
        VectorIndex built = new VectorIndex(ForkJoinPool.commonPool(), hnsw);
        try (RocksIterator vectors = db.newIterator(embeddings);
                RocksIterator catalog = db.newIterator(items)) {
            vectors.seekToFirst();
            catalog.seekToFirst();
            boolean reserved = false;
            for (; vectors.isValid(); vectors.next()) {
                byte[] key = vectors.key();
                float[] vector = VectorBytes.decode(vectors.value());
                if (!reserved) {
                    built.reserve(estimatedKeys(embeddings), vector.length);
                    reserved = true;
                }
                while (catalog.isValid() && Arrays.compareUnsigned(catalog.key(), key) < 0) {
                    catalog.next();
                }
                String itemId = StoreFormat.string(key);
                ItemMeta itemMeta =
                        catalog.isValid() && Arrays.equals(catalog.key(), key)
                                ? ItemMeta.of(decode(itemCodec, catalog.value(), itemId))
                                : ItemMeta.UNKNOWN;
                built.upsert(itemId, vector, itemMeta);
            }
            vectors.status();
            catalog.status();
        } catch (RocksDBException e) {
            throw failure("cannot read the embeddings", e);
        } catch (IllegalArgumentException e) {
            throw new FeatureStoreException(
                    directory, "holds unreadable embeddings: " + e.getMessage(), e);
        }
        return built;
    }

    /**
     * Reads the catalog (its words and each item's facts, in one pass over the records) and the
     * text embeddings into the in-memory indexes.
     */
    private void buildCatalogIndexes() {
        VectorIndex built = new VectorIndex(ForkJoinPool.commonPool(), hnsw);
        try (RocksIterator it = db.newIterator(items)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                String itemId = StoreFormat.string(it.key());
                Item item = decode(itemCodec, it.value(), itemId);
                catalogText.put(item);
                facts.putItem(item);
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("cannot read the catalog", e);
        }
        try (RocksIterator it = db.newIterator(text)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                String itemId = StoreFormat.string(it.key());
                byte[] value = it.value();
                float[] vector =
                        VectorBytes.decode(Arrays.copyOfRange(value, Long.BYTES, value.length));
                built.upsert(itemId, vector, metaOf(itemId));
                // the index copied it: the decoded array is the facts table's own
                facts.putText(itemId, vector);
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("cannot read the text embeddings", e);
        } catch (IllegalArgumentException e) {
            throw new FeatureStoreException(
                    directory, "holds unreadable text embeddings: " + e.getMessage(), e);
        }
        catalogText.refresh();
        VectorIndex old = textIndex;
        textIndex = built;
        old.close();
    }

    /** Reads every item's popularity (its neighbour record) into the facts table. */
    private void buildPopularity() {
        try (RocksIterator it = db.newIterator(neighbors)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                String itemId = StoreFormat.string(it.key());
                facts.putPopularity(
                        itemId, decode(neighborsCodec, it.value(), itemId).getPopularity());
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("cannot read the neighbour lists", e);
        }
    }

    private int estimatedKeys(ColumnFamilyHandle family) {
        try {
            long n = db.getLongProperty(family, "rocksdb.estimate-num-keys");
            return (int) Math.min(n, 1 << 26);
        } catch (RocksDBException e) {
            return 0;
        }
    }

    /**
     * Closes RocksDB and frees its native memory, after the look-ups and writes in flight; later
     * ones fail with {@link IllegalStateException}. Idempotent.
     */
    @Override
    public synchronized void close() {
        openLock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            // the caches are left as they are: every look-up checks that the store is open first,
            // and invalidating here, under the exclusive lock, could wait for a loader that waits
            // for this lock
            catalogText.close();
            if (index != null) {
                index.close();
            }
            textIndex.close();
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            cfOptions.close();
            dbOptions.close();
        } finally {
            openLock.writeLock().unlock();
        }
    }

    private byte[] get(ColumnFamilyHandle family, byte[] key) {
        openLock.readLock().lock();
        try {
            checkOpen();
            return db.get(family, key);
        } catch (RocksDBException e) {
            throw failure("read failed", e);
        } finally {
            openLock.readLock().unlock();
        }
    }

    private <T extends org.apache.avro.specific.SpecificRecord> T decode(
            AvroCodec<T> codec, byte[] bytes, String key) {
        try {
            return codec.decode(bytes);
        } catch (RecordDecodeException e) {
            throw new FeatureStoreException(
                    directory,
                    "holds an unreadable "
                            + codec.schema().getName()
                            + " under key "
                            + key
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private ColumnFamilyHandle handle(String name) {
        return handles.get(StoreFormat.FAMILIES.indexOf(name) + 1);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Feature store " + directory + " is closed");
        }
    }

    private FeatureStoreException failure(String problem, RocksDBException e) {
        return new FeatureStoreException(directory, problem + ": " + e.getMessage(), e);
    }

    private static void checkFinite(ItemVector v) {
        for (float x : v.vector()) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException(
                        "item " + v.itemId() + " has a value that is not finite");
            }
        }
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /**
     * The dimension every vector of one write must share: {@code v}'s own when none is set yet
     * ({@code dimension < 0}), else {@code dimension}, refusing a vector of another length.
     */
    private static int sameDimension(ItemVector v, int dimension) {
        int length = v.vector().length;
        if (dimension >= 0 && length != dimension) {
            throw new IllegalArgumentException(
                    "item "
                            + v.itemId()
                            + " has a "
                            + length
                            + "-dimensional embedding; expected "
                            + dimension);
        }
        return length;
    }
}
