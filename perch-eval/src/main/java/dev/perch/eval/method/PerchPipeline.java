package dev.perch.eval.method;

import dev.perch.core.recommend.BusinessRules;
import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.replay.PipelineReplay;
import dev.perch.core.replay.ReplaySettings;
import dev.perch.core.sequence.SequenceModel;
import dev.perch.eval.data.Interaction;
import dev.perch.events.RecommendedItem;
import dev.perch.events.UserState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Perch's own decision logic, in process, through perch-core's {@link PipelineReplay}: the same
 * replay loop the trainer runs (user states, item statistics, candidate sources, features,
 * recommender), scored by the given {@link CandidateScorer} and ranked with {@link
 * BusinessRules#NONE} (the protocols decide what is excluded). The frozen variant stops user-state
 * updates while a test runs, to measure what real-time state buys.
 */
public final class PerchPipeline implements Method {
    private final String name;
    private final boolean freezable;
    private final PipelineReplay replay;
    private final Recommender recommender;
    private final int maxCandidates;
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
        this(name, scorer, embeddings, freezable, ReplaySettings.DEFAULTS);
    }

    /** The same with other pipeline settings (chosen on validation data, see docs/evaluation). */
    public PerchPipeline(
            String name,
            CandidateScorer scorer,
            Map<String, float[]> embeddings,
            boolean freezable,
            ReplaySettings settings) {
        this(name, scorer, embeddings, freezable, settings, null);
    }

    /**
     * The same with a sequence model (null: none) as a candidate source and ranking features, as
     * the model server runs the artifact's sequence model.
     */
    public PerchPipeline(
            String name,
            CandidateScorer scorer,
            Map<String, float[]> embeddings,
            boolean freezable,
            ReplaySettings settings,
            SequenceModel sequence) {
        this(name, scorer, embeddings, freezable, settings, sequence, null);
    }

    /**
     * The same with the catalog's text embeddings (content source and text-similarity feature).
     *
     * @param text the catalog's text, or null for none (the source is then silent)
     */
    public PerchPipeline(
            String name,
            CandidateScorer scorer,
            Map<String, float[]> embeddings,
            boolean freezable,
            ReplaySettings settings,
            SequenceModel sequence,
            TextCatalog text) {
        this.name = name;
        this.freezable = freezable;
        this.replay =
                new PipelineReplay(embeddings, Map.of(), scorer, BusinessRules.NONE, settings);
        if (text != null) {
            replay.sources().useTextEmbeddings(text.embeddings(), text.categories());
        }
        this.recommender =
                sequence == null
                        ? replay.recommender()
                        : replay.recommender()
                                .withSequenceModel(sequence, SequenceModel.CANDIDATES);
        this.maxCandidates = settings.gather().maxCandidates();
    }

    /** The decision pipeline (the search evaluation re-ranks with it). */
    public Recommender recommender() {
        return recommender;
    }

    /** The live state of {@code user}, or null when unknown. */
    public UserState state(String user) {
        return replay.stateOf(user);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void learn(Interaction event, List<String> before) {
        replay.observe(event.toClickEvent());
    }

    @Override
    public void track(Interaction event) {
        if (frozen) {
            return;
        }
        replay.track(event.toClickEvent());
    }

    @Override
    public void freeze(boolean frozen) {
        this.frozen = freezable && frozen;
    }

    @Override
    public List<String> recommend(Query query, int k) {
        UserState state = replay.stateOf(query.user());
        List<RecommendedItem> ranked = recommender.recommend(state, maxCandidates);
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
