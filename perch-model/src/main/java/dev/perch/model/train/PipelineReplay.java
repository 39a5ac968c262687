package dev.perch.model.train;

import dev.perch.core.EnrichedEvent;
import dev.perch.core.UserProfile;
import dev.perch.core.UserStateSettings;
import dev.perch.core.UserStateUpdater;
import dev.perch.core.recommend.BusinessRules;
import dev.perch.core.recommend.GatherSettings;
import dev.perch.core.recommend.ItemFacts;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.WeightedSumScorer;
import dev.perch.core.recommend.memory.MemorySources;
import dev.perch.events.ClickEvent;
import dev.perch.events.UserState;
import java.util.HashMap;
import java.util.Map;

/**
 * The live pipeline replayed in memory, event by event: the user states the Flink job would keep
 * (same {@link UserStateUpdater}, same settings), the candidate sources the item-statistics job and
 * the feature store would serve, and the {@link Recommender} the model server runs. Ranking
 * examples and offline metrics are taken from it, so the ranker learns on the features it will see.
 */
final class PipelineReplay {
    /**
     * Offline protocol rules: nothing excluded, no category cap (every method ranks the same set).
     */
    static final BusinessRules RULES = BusinessRules.NONE;

    private final MemorySources sources = MemorySources.withDefaults();
    private final UserStateUpdater updater = new UserStateUpdater(UserStateSettings.DEFAULTS);
    private final Map<String, UserProfile> profiles = new HashMap<>();
    private final Map<String, float[]> embeddings;
    private final Map<String, String> categories;
    private final Recommender recommender;

    PipelineReplay(Map<String, float[]> embeddings, Map<String, String> categories) {
        this.embeddings = embeddings;
        this.categories = categories;
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
        sources.useEmbeddings(embeddings);
        this.recommender =
                new Recommender(
                        sources,
                        sources.catalog(),
                        WeightedSumScorer.DEFAULT,
                        GatherSettings.DEFAULTS,
                        RULES);
    }

    /** The pipeline with the no-model scorer; swap it with {@link Recommender#withScorer}. */
    Recommender recommender() {
        return recommender;
    }

    /** The sources as they are now. */
    MemorySources sources() {
        return sources;
    }

    /** The live state of {@code userId}, null before the user's first event. */
    UserState stateOf(CharSequence userId) {
        UserProfile profile = profiles.get(userId.toString());
        return profile == null ? null : profile.state();
    }

    /** Moves the sources and the user's state by one event. */
    void apply(ClickEvent event) {
        sources.observe(event);
        String user = event.getUserId().toString();
        String item = event.getItemId() == null ? null : event.getItemId().toString();
        EnrichedEvent enriched =
                new EnrichedEvent(
                        event,
                        item == null ? null : embeddings.get(item),
                        item == null ? null : categories.get(item));
        profiles.put(user, updater.update(profiles.get(user), enriched, event.getEventTime()));
    }
}
