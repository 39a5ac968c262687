package dev.perch.core.recommend.memory;

import dev.perch.core.itemstats.CoVisitationIndex;
import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.PopularityCounter;
import dev.perch.core.itemstats.TransitionIndex;
import dev.perch.core.itemstats.TransitionSettings;
import dev.perch.core.itemstats.TrendingCounter;
import dev.perch.core.itemstats.TrendingSettings;
import dev.perch.core.itemstats.VisitWeights;
import dev.perch.core.recommend.CandidateSources;
import dev.perch.core.recommend.ItemFacts;
import dev.perch.core.recommend.ScoredId;
import dev.perch.events.ClickEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every candidate source in memory, fed event by event: co-visitation, directional transitions,
 * trending, popularity, and exact nearest items over a fixed set of embeddings. What the Flink
 * item-statistics job and the feature store provide live, the evaluator and the trainer get from
 * this.
 */
public final class MemorySources implements CandidateSources {
    private final CoVisitationIndex coVisitation;
    private final TransitionIndex transitions;
    private final TrendingCounter trending;
    private final PopularityCounter popularity;
    private final MemoryCatalog catalog;
    private volatile ExactNearest nearest = new ExactNearest(Map.of());
    private volatile ExactNearest nearestText = new ExactNearest(Map.of());
    private volatile Map<String, float[]> textEmbeddings = Map.of();

    public MemorySources(
            CoVisitationSettings coVisitationSettings,
            TrendingSettings trendingSettings,
            int popularTop) {
        this(coVisitationSettings, TransitionSettings.DEFAULTS, trendingSettings, popularTop);
    }

    public MemorySources(
            CoVisitationSettings coVisitationSettings,
            TransitionSettings transitionSettings,
            TrendingSettings trendingSettings,
            int popularTop) {
        this.coVisitation = new CoVisitationIndex(coVisitationSettings);
        this.transitions = new TransitionIndex(transitionSettings);
        this.trending = new TrendingCounter(trendingSettings);
        this.popularity = new PopularityCounter(popularTop);
        this.catalog = new MemoryCatalog(popularity);
    }

    /** Default co-visitation and trending settings, the 1,000 most popular items kept. */
    public static MemorySources withDefaults() {
        return new MemorySources(CoVisitationSettings.DEFAULTS, TrendingSettings.DEFAULTS, 1_000);
    }

    /** The catalog whose popularity these sources count. */
    public MemoryCatalog catalog() {
        return catalog;
    }

    /** Replaces the embeddings nearest-item search runs over. */
    public void useEmbeddings(Map<String, float[]> embeddings) {
        nearest = new ExactNearest(embeddings);
    }

    /**
     * Replaces the text embeddings (unit length) of the content source and the text-similarity
     * feature; every item named joins the catalog, available, so an item nobody touched yet can be
     * found by its text.
     *
     * @param categories the top-level category of each item (absent: none)
     */
    public void useTextEmbeddings(Map<String, float[]> embeddings, Map<String, String> categories) {
        textEmbeddings = Map.copyOf(embeddings);
        nearestText = new ExactNearest(embeddings);
        embeddings.forEach(
                (id, text) -> {
                    ItemFacts known =
                            catalog.item(id)
                                    .orElse(new ItemFacts(id, true, categories.get(id), null, 0));
                    catalog.put(
                            new ItemFacts(
                                    id,
                                    known.available(),
                                    known.category(),
                                    known.embedding(),
                                    0,
                                    text));
                });
    }

    /**
     * Feeds one event to co-visitation, trending and popularity; unknown items join the catalog.
     */
    public void observe(ClickEvent event) {
        String itemId = event.getItemId();
        if (itemId == null) {
            return;
        }
        double weight = VisitWeights.of(event.getType());
        String category = catalog.item(itemId).map(ItemFacts::category).orElse(null);
        catalog.putIfAbsent(itemId, category);
        coVisitation.add(event);
        transitions.add(event);
        trending.add(itemId, category, event.getEventTime().toEpochMilli(), weight);
        popularity.add(itemId, weight);
    }

    @Override
    public List<ScoredId> nearest(float[] vector, int k) {
        return availableOf(nearest.nearest(vector, k * 2), k);
    }

    @Override
    public Optional<float[]> textEmbedding(String itemId) {
        return Optional.ofNullable(textEmbeddings.get(itemId));
    }

    @Override
    public List<ScoredId> nearestText(float[] vector, int k) {
        return availableOf(nearestText.nearest(vector, k * 2), k);
    }

    private List<ScoredId> availableOf(List<ScoredId> found, int k) {
        List<ScoredId> available = new ArrayList<>(k);
        for (ScoredId scored : found) {
            if (available.size() >= k) {
                break;
            }
            if (catalog.item(scored.itemId()).map(ItemFacts::available).orElse(false)) {
                available.add(scored);
            }
        }
        return available;
    }

    @Override
    public List<ScoredId> neighbors(String itemId, int n) {
        return coVisitation.neighbors(itemId, n);
    }

    @Override
    public List<ScoredId> followers(String itemId, int n) {
        return transitions.followers(itemId, n);
    }

    @Override
    public List<ScoredId> trending(String scope, int n) {
        return trending.top(Objects.requireNonNull(scope, "scope"), n);
    }

    @Override
    public List<ScoredId> popular(int n) {
        return popularity.top(n);
    }
}
