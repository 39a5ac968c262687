package dev.perch.eval.protocol;

import dev.perch.core.recommend.ScoredId;
import dev.perch.core.recommend.memory.ExactNearest;
import dev.perch.core.search.PersonalSearch;
import dev.perch.core.search.QueryUnderstanding;
import dev.perch.core.search.UnderstoodQuery;
import dev.perch.eval.data.Interaction;
import dev.perch.eval.method.PerchPipeline;
import dev.perch.eval.method.TextCatalog;
import dev.perch.events.Item;
import dev.perch.featurestore.CatalogTextIndex;
import dev.perch.featurestore.ItemScore;
import dev.perch.featurestore.TextEncoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Search measured on a replayed stream: the events are fed in time order to a Perch pipeline (with
 * the content source); from the first target on, every {@code stride}-th event of a tested user
 * whose item has a genre becomes a search for that genre, lower case (a query naming the genre of
 * the user's next item), and the rank of that item is scored in three lists, each without the items
 * the user already saw: BM25 alone (Lucene over the catalog text), semantic alone (nearest text
 * embeddings to the encoded query) and Perch's personalised hybrid search (perch-core's {@link
 * PersonalSearch}: both fused, re-ranked with the user's live state). All three apply the filters
 * query understanding finds against the catalog vocabulary.
 */
public final class SearchEvaluation {
    /** Hits taken from each retriever, as in the model server. */
    public static final int RETRIEVE = 200;

    private final List<Interaction> events;
    private final TextCatalog catalog;
    private final TextEncoder encoder;
    private final double warmUpShare;
    private final int stride;

    public SearchEvaluation(
            List<Interaction> events,
            TextCatalog catalog,
            TextEncoder encoder,
            double warmUpShare,
            int stride) {
        this.events = events;
        this.catalog = catalog;
        this.encoder = encoder;
        this.warmUpShare = warmUpShare;
        this.stride = Math.max(1, stride);
    }

    /** The runs "search-personal", "search-bm25" and "search-semantic", scope "genre query". */
    public List<MethodRun> run(PerchPipeline perch, Predicate<String> testUsers) {
        long started = System.nanoTime();
        CatalogTextIndex lexical = new CatalogTextIndex();
        catalog.items().values().forEach(lexical::put);
        lexical.refresh();
        ExactNearest semantic = new ExactNearest(catalog.embeddings());
        QueryUnderstanding understanding =
                new QueryUnderstanding(
                        facet -> lexical.vocabulary(CatalogTextIndex.Facet.valueOf(facet.name())));
        PersonalSearch search =
                new PersonalSearch(
                        perch.recommender(),
                        id -> Optional.ofNullable(catalog.items().get(id)),
                        PersonalSearch.DEFAULT_POOL,
                        1.0);
        Map<String, float[]> queryVectors = new HashMap<>();
        MethodRun personal = new MethodRun("search-personal");
        MethodRun bm25 = new MethodRun("search-bm25");
        MethodRun nearest = new MethodRun("search-semantic");
        Histories histories = new Histories();
        Map<String, Set<String>> seen = new HashMap<>();
        Set<String> users = new HashSet<>();
        int cut = (int) Math.round(events.size() * warmUpShare);
        long candidates = 0;
        for (int i = 0; i < events.size(); i++) {
            Interaction e = events.get(i);
            Item target = catalog.items().get(e.item());
            if (i >= cut
                    && testUsers.test(e.user())
                    && target != null
                    && !target.getCategoryPath().isEmpty()
                    && candidates++ % stride == 0) {
                users.add(e.user());
                Set<String> mine = seen.getOrDefault(e.user(), Set.of());
                String query = target.getCategoryPath().get(0).toLowerCase(Locale.ROOT);
                UnderstoodQuery understood = understanding.understand(query);
                List<String> lexicalHits =
                        admitted(ids(lexical.search(query, RETRIEVE)), understood, mine);
                float[] vector =
                        queryVectors.computeIfAbsent(
                                understood.text(), t -> encoder.encode(List.of(t)).get(0));
                List<String> semanticHits =
                        admitted(ids2(semantic.nearest(vector, RETRIEVE)), understood, mine);
                List<String> personalHits = new ArrayList<>();
                for (ScoredId hit :
                        search.search(
                                perch.state(e.user()), understood, lexicalHits, semanticHits, 20)) {
                    personalHits.add(hit.itemId());
                }
                personal.scope("genre query").add(personalHits, e.item());
                bm25.scope("genre query").add(top(lexicalHits, 20), e.item());
                nearest.scope("genre query").add(top(semanticHits, 20), e.item());
            }
            perch.learn(e, histories.context(e.user()));
            perch.track(e);
            histories.add(e.user(), e.item());
            seen.computeIfAbsent(e.user(), u -> new HashSet<>()).add(e.item());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        for (MethodRun run : List.of(personal, bm25, nearest)) {
            run.catalogueSize(catalog.items().size());
            run.users("genre query", users.size());
            run.seconds(seconds);
        }
        lexical.close();
        return List.of(personal, bm25, nearest);
    }

    private List<String> admitted(List<String> hits, UnderstoodQuery query, Set<String> seen) {
        List<String> out = new ArrayList<>();
        for (String id : hits) {
            Item item = catalog.items().get(id);
            if (item != null && !seen.contains(id) && query.admits(item)) {
                out.add(id);
            }
        }
        return out;
    }

    private static List<String> ids(List<ItemScore> hits) {
        return hits.stream().map(ItemScore::itemId).toList();
    }

    private static List<String> ids2(List<ScoredId> hits) {
        return hits.stream().map(ScoredId::itemId).toList();
    }

    private static List<String> top(List<String> list, int n) {
        return list.size() <= n ? list : list.subList(0, n);
    }
}
