package dev.perch.featurestore;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The on-disk layout of a feature store: column family names, meta keys and the format marker. */
final class StoreFormat {
    /**
     * Written under {@link #MARKER_KEY} when a store is created; a directory without it is foreign.
     */
    static final String MARKER = "perch-feature-store";

    /** Bumped whenever the layout changes incompatibly; a store of another version is refused. */
    static final int VERSION = 1;

    static final String ITEMS = "items";
    static final String EMBEDDINGS = "embeddings";
    static final String NEIGHBORS = "neighbors";
    static final String TRENDING = "trending";
    static final String META = "meta";

    /**
     * Text embeddings: 8 bytes of {@link ItemText#hash} of the encoded text, then the vector. Added
     * after format version 1 was released: a store without it is opened and the family created.
     */
    static final String TEXT = "text";

    /** Column families besides RocksDB's mandatory "default" (which stays empty). */
    static final List<String> FAMILIES =
            List.of(ITEMS, EMBEDDINGS, NEIGHBORS, TRENDING, META, TEXT);

    /** The families of a store written before {@link #TEXT} existed. */
    static final List<String> FAMILIES_BEFORE_TEXT =
            List.of(ITEMS, EMBEDDINGS, NEIGHBORS, TRENDING, META);

    static final byte[] MARKER_KEY = utf8("format.marker");
    static final byte[] VERSION_KEY = utf8("format.version");
    static final byte[] EMBEDDING_VERSION_KEY = utf8("embedding.version");
    static final String OFFSET_PREFIX = "offset/";

    private StoreFormat() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The meta key of the next offset to consume from one topic partition. */
    static byte[] offsetKey(String topic, int partition) {
        return utf8(OFFSET_PREFIX + topic + "/" + partition);
    }
}
