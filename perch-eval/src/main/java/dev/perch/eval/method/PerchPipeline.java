package dev.perch.eval.method;

import dev.perch.core.EnrichedEvent;
import dev.perch.core.UserProfile;
import dev.perch.core.UserStateSettings;
import dev.perch.core.UserStateUpdater;
import dev.perch.core.recommend.BusinessRules;
import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.GatherSettings;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.memory.MemorySources;
import dev.perch.eval.data.Interaction;
import dev.perch.events.ClickEvent;
import dev.perch.events.RecommendedItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Perch's own decision logic, in process: perch-core's {@link UserStateUpdater} keeps each user's
 * state, {@link MemorySources} the co-visitation, trending and popularity statistics, and {@link
 * Recommender} gathers, scores (the given {@link CandidateScorer}) and ranks with {@link
 * BusinessRules#NONE} (the protocols decide what is excluded). The frozen variant stops user-state
 * updates while a test runs, to measure what real-time state buys.
 */
public final class PerchPipeline implements Method {
    private final String name;
    private final boolean freezable;
    private final MemorySources sources;
    private final Recommender recommender;
    private final UserStateUpdater updater = new UserStateUpdater(UserStateSettings.DEFAULTS);
    private final Map<String, UserProfile> profiles = new HashMap<>();
    private final Map<String, float[]> embeddings;
    private boolean frozen;

    /**
     * @param name the name in reports (it should name the scorer)
     * @param scorer the ranking model or {@code WeightedSumScorer.DEFAULT}
     * @param embeddings item embeddings for the user vector and nearest-item search (empty: none)
     * @param freezable whether {@link #freeze} takes effect (the frozen-user-vector variant)
     */
    public PerchPipeline(
            String name,
            CandidateScorer scorer,
            Map<String, float[]> embeddings,
            boolean freezable) {
        this(name, scorer, embeddings, freezable, null);
    }

    /**
     * @param text the catalog's text embeddings (content source and text-similarity feature), or
     *     null for none
     */
    public PerchPipeline(
            String name,
            CandidateScorer scorer,
            Map<String, float[]> embeddings,
            boolean freezable,
            TextCatalog text) {
        this.name = name;
        this.freezable = freezable;
        this.embeddings = Map.copyOf(embeddings);
        this.sources = MemorySources.withDefaults();
        if (!embeddings.isEmpty()) {
            sources.useEmbeddings(embeddings);
        }
        if (text != null) {
            sources.useTextEmbeddings(text.embeddings(), text.categories());
        }
        this.recommender =
                new Recommender(
                        sources,
                        sources.catalog(),
                        scorer,
                        GatherSettings.DEFAULTS,
                        BusinessRules.NONE);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void learn(Interaction event, List<String> before) {
        sources.observe(event.toClickEvent());
    }

    @Override
    public void track(Interaction event) {
        if (frozen) {
            return;
        }
        ClickEvent click = event.toClickEvent();
        EnrichedEvent enriched = new EnrichedEvent(click, embeddings.get(event.item()), null);
        profiles.put(
                event.user(),
                updater.update(profiles.get(event.user()), enriched, click.getEventTime()));
    }

    /** The decision pipeline (the search evaluation re-ranks with it). */
    public Recommender recommender() {
        return recommender;
    }

    /** The live state of {@code user}, or null when unknown. */
    public dev.perch.events.UserState state(String user) {
        UserProfile profile = profiles.get(user);
        return profile == null ? null : profile.state();
    }

    @Override
    public void freeze(boolean frozen) {
        this.frozen = freezable && frozen;
    }

    @Override
    public List<String> recommend(Query query, int k) {
        UserProfile profile = profiles.get(query.user());
        List<RecommendedItem> ranked =
                recommender.recommend(
                        profile == null ? null : profile.state(),
                        GatherSettings.DEFAULTS.maxCandidates());
        List<String> list = new ArrayList<>(k);
        for (RecommendedItem item : ranked) {
            if (list.size() >= k) {
                break;
            }
            if (query.allowed().test(item.getItemId())) {
                list.add(item.getItemId());
            }
        }
        return list;
    }
}
