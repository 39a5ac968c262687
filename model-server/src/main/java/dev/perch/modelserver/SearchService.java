package dev.perch.modelserver;

import dev.perch.core.recommend.ScoredId;
import dev.perch.core.search.PersonalSearch;
import dev.perch.core.search.QueryUnderstanding;
import dev.perch.core.search.UnderstoodQuery;
import dev.perch.events.Item;
import dev.perch.events.UserState;
import dev.perch.featurestore.CatalogTextIndex;
import dev.perch.featurestore.FeatureStore;
import dev.perch.featurestore.ItemScore;
import dev.perch.featurestore.SearchFilter;
import dev.perch.featurestore.TextEncoder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Personalised search on one instance: the query's filters understood against the catalog's
 * vocabulary, BM25 hits from the catalog text index, nearest text embeddings to the encoded query,
 * fused and re-ranked for the shopper by perch-core's {@link PersonalSearch} with the model in
 * service.
 */
final class SearchService {
    /** Hits taken from each retriever before fusion. */
    static final int RETRIEVE = 200;

    private final FeatureStore store;
    private final TextEncoder encoder;
    private final LiveRecommender live;
    private final QueryUnderstanding understanding;

    /**
     * @param encoder the sentence encoder of the item texts, or null (lexical search only)
     */
    SearchService(FeatureStore store, TextEncoder encoder, LiveRecommender live) {
        this.store = store;
        this.encoder = encoder;
        this.live = live;
        CatalogTextIndex text = store.catalogText();
        this.understanding =
                new QueryUnderstanding(
                        facet -> text.vocabulary(CatalogTextIndex.Facet.valueOf(facet.name())));
    }

    /** The answer for {@code userId} (state null: unknown, unpersonalised) as JSON. */
    String search(String userId, UserState user, String query, int k) {
        UnderstoodQuery understood = understanding.understand(query);
        List<String> lexical = new ArrayList<>();
        List<String> semantic = new ArrayList<>();
        if (!understood.text().isBlank()) {
            for (ItemScore hit : store.catalogText().search(understood.text(), RETRIEVE)) {
                lexical.add(hit.itemId());
            }
            if (encoder != null) {
                float[] vector = encoder.encode(List.of(understood.text())).get(0);
                for (ItemScore hit :
                        store.nearestText(vector, RETRIEVE, SearchFilter.onlyAvailable())) {
                    semantic.add(hit.itemId());
                }
            }
        } else {
            live.use(r -> r.sources().popular(RETRIEVE)).forEach(s -> lexical.add(s.itemId()));
        }
        List<ScoredId> hits =
                live.use(
                        recommender ->
                                new PersonalSearch(
                                                recommender,
                                                store::item,
                                                PersonalSearch.DEFAULT_POOL,
                                                1.0)
                                        .search(user, understood, lexical, semantic, k));
        return JsonViews.write(answer(userId, user, query, understood, hits, lexical, semantic));
    }

    private Map<String, Object> answer(
            String userId,
            UserState user,
            String query,
            UnderstoodQuery understood,
            List<ScoredId> hits,
            List<String> lexical,
            List<String> semantic) {
        Set<String> lexicalSet = new HashSet<>(lexical);
        Set<String> semanticSet = new HashSet<>(semantic);
        List<Map<String, Object>> items = new ArrayList<>();
        for (ScoredId hit : hits) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("itemId", hit.itemId());
            row.put("score", hit.score());
            Optional<Item> item = store.item(hit.itemId());
            item.map(Item::getTitle).ifPresent(t -> row.put("title", t));
            List<String> matched = new ArrayList<>();
            if (lexicalSet.contains(hit.itemId())) {
                matched.add("lexical");
            }
            if (semanticSet.contains(hit.itemId())) {
                matched.add("semantic");
            }
            row.put("matched", matched);
            items.add(row);
        }
        Map<String, Object> understoodView = new LinkedHashMap<>(understood.filters());
        understoodView.put("text", understood.text());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("userId", userId);
        out.put("query", query);
        out.put("understood", understoodView);
        out.put("personalised", user != null);
        out.put("items", items);
        out.put("modelVersion", live.scorer().version());
        return out;
    }

    /** Whether the semantic half runs (the encoder loaded). */
    boolean semantic() {
        return encoder != null;
    }
}
