package dev.perch.core.replay;

import dev.perch.core.EnrichedEvent;
import dev.perch.core.UserProfile;
import dev.perch.core.UserStateUpdater;
import dev.perch.core.recommend.BusinessRules;
import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.ItemFacts;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.memory.MemorySources;
import dev.perch.events.ClickEvent;
import dev.perch.events.UserState;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The live pipeline replayed in memory, event by event: the user states the Flink user-state job
 * keeps (same {@link UserStateUpdater}), the candidate sources the item-statistics job and the
 * feature store serve (co-visitation, transitions, trending, popularity, nearest items, in {@link
 * MemorySources}), and the {@link Recommender} the model server runs. The one replay loop of the
 * trainer (ranking examples, offline metrics) and the evaluator (every protocol's {@code perch}
 * rows), so both see the features the live path computes.
 *
 * <p>Item statistics and user state move separately ({@link #observe}, {@link #track}) because
 * protocols decide when each learns (test-then-learn, frozen states); {@link #apply} does both.
 * Where the live path differs: it takes events in arrival order per key and publishes item
 * statistics at most once per publish interval, the replay applies every event at once in the order
 * given (event time); trending uses the same perch-core {@code TrendingCounter} windows; popularity
 * is the same all-time weighted count ({@code PopularityCounter} here, the item-statistics job's
 * per-item count live), which the live path forgets for an item unseen for its inactive-item TTL.
 */
public final class PipelineReplay {
    private final MemorySources sources;
    private final UserStateUpdater updater;
    private final Map<String, UserProfile> profiles = new HashMap<>();
    private final Map<String, float[]> embeddings;
    private final Map<String, String> categories;
    private final Recommender recommender;

    /**
     * @param embeddings item embeddings for user vectors and nearest items (empty: none)
     * @param categories each known item's top-level category (empty: learnt as unknown)
     * @param scorer the ranker (a trained model or {@code WeightedSumScorer.DEFAULT})
     * @param rules the business rules (offline protocols use {@link BusinessRules#NONE})
     * @param settings the knobs of every stage
     */
    public PipelineReplay(
            Map<String, float[]> embeddings,
            Map<String, String> categories,
            CandidateScorer scorer,
            BusinessRules rules,
            ReplaySettings settings) {
        this.embeddings = Map.copyOf(embeddings);
        this.categories = new HashMap<>(categories);
        this.updater = new UserStateUpdater(settings.userState());
        this.sources =
                new MemorySources(
                        settings.coVisitation(),
                        settings.transitions(),
                        settings.trending(),
                        settings.popularTop());
        categories.forEach(
                (id, category) ->
                        sources.catalog()
                                .put(new ItemFacts(id, true, category, embeddings.get(id), 0)));
        embeddings.forEach(
                (id, vector) -> {
                    if (!categories.containsKey(id)) {
                        sources.catalog().put(new ItemFacts(id, true, null, vector, 0));
                    }
                });
        if (!embeddings.isEmpty()) {
            sources.useEmbeddings(embeddings);
        }
        this.recommender =
                new Recommender(
                        sources,
                        sources.catalog(),
                        Objects.requireNonNull(scorer, "scorer"),
                        settings.gather(),
                        rules);
    }

    /** The pipeline with the replay's scorer; swap it with {@link Recommender#withScorer}. */
    public Recommender recommender() {
        return recommender;
    }

    /** The sources as they are now. */
    public MemorySources sources() {
        return sources;
    }

    /** The live state of {@code userId}, null before the user's first tracked event. */
    public UserState stateOf(CharSequence userId) {
        UserProfile profile = profiles.get(userId.toString());
        return profile == null ? null : profile.state();
    }

    /**
     * Moves the item statistics (co-visitation, transitions, trending, popularity) by one event.
     */
    public void observe(ClickEvent event) {
        sources.observe(event);
    }

    /** Moves the user's state by one event, as the Flink user-state job does. */
    public void track(ClickEvent event) {
        String user = event.getUserId().toString();
        String item = event.getItemId() == null ? null : event.getItemId().toString();
        EnrichedEvent enriched =
                new EnrichedEvent(
                        event,
                        item == null ? null : embeddings.get(item),
                        item == null ? null : categories.get(item));
        profiles.put(user, updater.update(profiles.get(user), enriched, event.getEventTime()));
    }

    /** Moves the sources and the user's state by one event. */
    public void apply(ClickEvent event) {
        observe(event);
        track(event);
    }
}
