package dev.perch.featurestore;

import dev.perch.events.Item;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * The catalog's words in memory: a Lucene index (BM25, English stemming) over {@link ItemText} of
 * every item for lexical search, and the catalog's vocabulary per facet (categories, brands,
 * colours, sizes) for query understanding. Rebuilt from the stored items at open and kept current
 * on every write, like the vector index. Thread-safe.
 */
public final class CatalogTextIndex implements AutoCloseable {
    /** The facets query understanding can name. */
    public enum Facet {
        CATEGORY,
        BRAND,
        COLOUR,
        SIZE
    }

    private static final String ID = "id";
    private static final String TEXT = "text";
    private static final String AVAILABLE = "available";

    private final Analyzer analyzer = new EnglishAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Map<String, Facets> facetsByItem = new ConcurrentHashMap<>();
    private final Map<Facet, Map<String, Integer>> vocabulary = new ConcurrentHashMap<>();

    public CatalogTextIndex() {
        try {
            writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the in-memory text index", e);
        }
        for (Facet facet : Facet.values()) {
            vocabulary.put(facet, new ConcurrentHashMap<>());
        }
    }

    /** Adds or replaces one item; visible to search after {@link #refresh()}. */
    public void put(Item item) {
        Document doc = new Document();
        doc.add(new StringField(ID, item.getItemId(), Field.Store.YES));
        doc.add(new StringField(AVAILABLE, Boolean.toString(item.getAvailable()), Field.Store.NO));
        doc.add(new TextField(TEXT, ItemText.of(item), Field.Store.NO));
        try {
            writer.updateDocument(new Term(ID, item.getItemId()), doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        replaceFacets(item.getItemId(), Facets.of(item));
    }

    /** Removes one item; visible to search after {@link #refresh()}. */
    public void remove(String itemId) {
        try {
            writer.deleteDocuments(new Term(ID, itemId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        replaceFacets(itemId, null);
    }

    /** Makes every change so far visible to search. */
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code k} available items whose text best matches {@code text} by BM25, best first; the
     * words are analysed like the catalog's, never parsed as query syntax.
     */
    public List<ItemScore> search(String text, int k) {
        Query words = new QueryBuilder(analyzer).createBooleanQuery(TEXT, text);
        if (words == null || k <= 0) {
            return List.of();
        }
        Query query =
                new BooleanQuery.Builder()
                        .add(words, BooleanClause.Occur.MUST)
                        .add(new TermQuery(new Term(AVAILABLE, "true")), BooleanClause.Occur.FILTER)
                        .build();
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                List<ItemScore> out = new ArrayList<>(k);
                for (ScoreDoc hit : searcher.search(query, k).scoreDocs) {
                    String id = searcher.storedFields().document(hit.doc).get(ID);
                    out.add(new ItemScore(id, hit.score));
                }
                return out;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalog's values of {@code facet}, lower case. */
    public Set<String> vocabulary(Facet facet) {
        return Set.copyOf(vocabulary.get(facet).keySet());
    }

    private synchronized void replaceFacets(String itemId, Facets next) {
        Facets previous =
                next == null ? facetsByItem.remove(itemId) : facetsByItem.put(itemId, next);
        if (previous != null) {
            previous.forEach(
                    (facet, value) ->
                            vocabulary
                                    .get(facet)
                                    .computeIfPresent(value, (v, n) -> n > 1 ? n - 1 : null));
        }
        if (next != null) {
            next.forEach((facet, value) -> vocabulary.get(facet).merge(value, 1, Integer::sum));
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The facet values of one item. */
    private record Facets(List<String> categories, String brand, String colour, String size) {
        static Facets of(Item item) {
            List<String> categories = new ArrayList<>();
            item.getCategoryPath().forEach(c -> add(categories, c));
            String colour = null;
            String size = null;
            for (Map.Entry<String, String> e : item.getAttributes().entrySet()) {
                String name = e.getKey().toLowerCase(Locale.ROOT);
                if (name.equals("colour") || name.equals("color")) {
                    colour = lower(e.getValue());
                } else if (name.equals("size")) {
                    size = lower(e.getValue());
                }
            }
            return new Facets(categories, lower(item.getBrand()), colour, size);
        }

        void forEach(java.util.function.BiConsumer<Facet, String> action) {
            categories.forEach(c -> action.accept(Facet.CATEGORY, c));
            if (brand != null) {
                action.accept(Facet.BRAND, brand);
            }
            if (colour != null) {
                action.accept(Facet.COLOUR, colour);
            }
            if (size != null) {
                action.accept(Facet.SIZE, size);
            }
        }

        private static void add(List<String> out, String value) {
            String v = lower(value);
            if (v != null) {
                out.add(v);
            }
        }

        private static String lower(String value) {
            return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
        }
    }
}
