package dev.perch.core.recommend;

import dev.perch.core.EmbeddingSpace;
import dev.perch.core.sequence.ItemVectors;
import dev.perch.core.sequence.SequenceModel;
import dev.perch.core.sequence.SequenceScores;
import dev.perch.core.sequence.UserEncoding;
import dev.perch.events.RecommendedItem;
import dev.perch.events.UserState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole decision from a user state to a ranked list: gather candidates, drop what the rules
 * forbid, build features, score them in one call, apply the category cap and boosts. The model
 * server, the evaluator and the demo run exactly this. Immutable and thread-safe; swap the model
 * with {@link #withScorer}.
 */
public final class Recommender {
    private final CandidateGatherer gatherer;
    private final ItemCatalog catalog;
    private final CandidateScorer scorer;
    private final BusinessRules rules;
    private final CandidateSources sources;
    private final GatherSettings settings;
    private final SequenceModel sequenceModel;
    private final int sequenceCandidates;

    public Recommender(
            CandidateSources sources,
            ItemCatalog catalog,
            CandidateScorer scorer,
            GatherSettings settings,
            BusinessRules rules) {
        this(sources, catalog, scorer, settings, rules, null, 0);
    }

    private Recommender(
            CandidateSources sources,
            ItemCatalog catalog,
            CandidateScorer scorer,
            GatherSettings settings,
            BusinessRules rules,
            SequenceModel sequenceModel,
            int sequenceCandidates) {
        this.sequenceModel = sequenceModel;
        this.sequenceCandidates = sequenceCandidates;
        this.sources = Objects.requireNonNull(sources, "sources");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.gatherer = new CandidateGatherer(sources, settings);
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /** The same pipeline with another model. */
    public Recommender withScorer(CandidateScorer newScorer) {
        return new Recommender(
                sources, catalog, newScorer, settings, rules, sequenceModel, sequenceCandidates);
    }

    /**
     * The same pipeline with a sequence model: it proposes the {@code candidates} items nearest to
     * each user's encoding (source {@link CandidateSource#SEQUENCE}) and scores every candidate
     * (features {@code sequence_score}, {@code has_sequence_score}); null removes it.
     */
    public Recommender withSequenceModel(SequenceModel model, int candidates) {
        if (candidates < 0) {
            throw new IllegalArgumentException("candidates must not be negative: " + candidates);
        }
        return new Recommender(sources, catalog, scorer, settings, rules, model, candidates);
    }

    /** The sequence model in use, or null. */
    public SequenceModel sequenceModel() {
        return sequenceModel;
    }

    /** The candidate sources this pipeline gathers from. */
    public CandidateSources sources() {
        return sources;
    }

    /** The model in use. */
    public CandidateScorer scorer() {
        return scorer;
    }

    /** The top {@code k} items for {@code user} (null for an unknown user: the cold-start list). */
    public List<RecommendedItem> recommend(UserState user, int k) {
        RankingRequest request = prepare(user);
        return finish(request, scorer.score(request.features()), 0, k);
    }

    /** The top {@code k} items for {@code user} with the sequence signal of {@code sequence}. */
    public List<RecommendedItem> recommend(UserState user, SequenceContext sequence, int k) {
        RankingRequest request = prepare(user, sequence);
        return finish(request, scorer.score(request.features()), 0, k);
    }

    /**
     * The top {@code k} of every user, scoring all their candidates in one model call. With a
     * sequence model, every user's own sequence ({@link #sequenceOf}) is encoded in one batched
     * call first.
     */
    public List<List<RecommendedItem>> recommendAll(List<UserState> users, int k) {
        return rank(begin(users), 0, users.size(), k);
    }

    /**
     * What {@link #recommendAll(List, int)} does once for the whole batch, before any user is
     * ranked: every user's sequence encoded in one call of the sequence model, the scans over all
     * item vectors (nearest to the user vectors, the sequence scores). Each slice of the batch is
     * then ranked by {@link #rank(Batch, int, int, int)}, which may run on several threads at once
     * (the batch is read-only), with this recommender or one {@link #withScorer} made of it.
     */
    public Batch begin(List<UserState> users) {
        List<List<String>> sequences = new ArrayList<>(users.size());
        if (sequenceModel != null) { // without a model no sequence is read
            users.forEach(user -> sequences.add(sequenceOf(user)));
        }
        return share(users, contexts(users, sequences));
    }

    /**
     * A batch's shared part ({@link #begin}): the users as ranking sees them, their exclusions,
     * nearest items and sequence contexts, and the sequence scores of all of them (null without a
     * sequence model). Read-only once made.
     */
    public static final class Batch {
        private final List<UserState> users;
        private final List<Set<String>> excluded;
        private final List<List<ScoredId>> nearest;
        private final List<SequenceContext> contexts;
        private final SequenceScores sequenceScores;

        private Batch(
                List<UserState> users,
                List<Set<String>> excluded,
                List<List<ScoredId>> nearest,
                List<SequenceContext> contexts,
                SequenceScores sequenceScores) {
            this.users = users;
            this.excluded = excluded;
            this.nearest = nearest;
            this.contexts = contexts;
            this.sequenceScores = sequenceScores;
        }

        /** How many users the batch holds. */
        public int size() {
            return users.size();
        }
    }

    /**
     * The item ids of {@code user}'s sequence, oldest first, repeats included: what the sequence
     * model reads, live (the Flink user-state job keeps it) and offline (the replay keeps it the
     * same way). Empty for an unknown user.
     */
    public static List<String> sequenceOf(UserState user) {
        if (user == null || user.getSequence().isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(user.getSequence().size());
        user.getSequence().forEach(entry -> ids.add(entry.getItemId().toString()));
        return ids;
    }

    /**
     * The top {@code k} of every user, given each user's ordered item sequence (oldest first): the
     * sequence model, when one is set, encodes all sequences in one batched call (items of a user's
     * sequence are not proposed to them again), then all candidates are scored in one call.
     */
    public List<List<RecommendedItem>> recommendAll(
            List<UserState> users, List<List<String>> sequences, int k) {
        if (users.size() != sequences.size()) {
            throw new IllegalArgumentException("one sequence per user");
        }
        return rank(share(users, contexts(users, sequences)), 0, users.size(), k);
    }

    /** Each user's sequence context, all sequences encoded in one call of the sequence model. */
    private List<SequenceContext> contexts(List<UserState> users, List<List<String>> sequences) {
        List<SequenceContext> contexts = new ArrayList<>(users.size());
        if (sequenceModel == null) {
            users.forEach(user -> contexts.add(SequenceContext.NONE));
        } else {
            List<UserEncoding> encodings = sequenceModel.encode(sequences);
            for (int i = 0; i < users.size(); i++) {
                contexts.add(contextOf(encodings.get(i), sequences.get(i)));
            }
        }
        return contexts;
    }

    /**
     * The sequence signal of {@code user} from its own sequence: the model's encoding, with the
     * items already in the sequence left out of the sequence source. {@link SequenceContext#NONE}
     * without a model or without a sequence.
     */
    public SequenceContext contextOf(UserState user) {
        List<String> sequence = sequenceOf(user);
        if (sequenceModel == null || sequence.isEmpty()) {
            return SequenceContext.NONE;
        }
        return contextOf(sequenceModel.encode(List.of(sequence)).get(0), sequence);
    }

    private static SequenceContext contextOf(UserEncoding encoding, List<String> sequence) {
        return new SequenceContext(encoding, Set.copyOf(sequence));
    }

    /** Encodes {@code sequence} with the sequence model (empty without one). */
    public UserEncoding encode(List<String> sequence) {
        return sequenceModel == null
                ? UserEncoding.EMPTY
                : sequenceModel.encode(List.of(sequence)).get(0);
    }

    /**
     * The batch-wide part: the scans over all item vectors (nearest to the user vector, nearest to
     * the sequence model's encoding) run once for the whole batch, the rest user by user ({@link
     * #rank(Batch, int, int, int)}).
     */
    private Batch share(List<UserState> users, List<SequenceContext> contexts) {
        List<UserState> inSpace = new ArrayList<>(users.size());
        List<Set<String>> excluded = new ArrayList<>(users.size());
        for (UserState user : users) {
            UserState seen = inCatalogSpace(user);
            inSpace.add(seen);
            excluded.add(rules.excludedFor(seen));
        }
        return new Batch(
                inSpace,
                excluded,
                gatherer.nearestAll(inSpace),
                contexts,
                sequenceScores(contexts));
    }

    /**
     * The top {@code k} of the users {@code from} (inclusive) to {@code to} of {@code batch} (made
     * by {@link #begin} of this recommender or of the one it was made from), their candidates
     * scored in one model call.
     */
    public List<List<RecommendedItem>> rank(Batch batch, int from, int to, int k) {
        if (from < 0 || to > batch.size() || from > to) {
            throw new IndexOutOfBoundsException(
                    "users " + from + " to " + to + " of a batch of " + batch.size());
        }
        List<RankingRequest> requests = new ArrayList<>(to - from);
        int rows = 0;
        for (int i = from; i < to; i++) {
            RankingRequest request = prepare(batch, i);
            requests.add(request);
            rows += request.size();
        }
        float[] values = new float[rows * RankingFeatures.COUNT];
        int at = 0;
        for (RankingRequest request : requests) {
            float[] block = request.features().values();
            System.arraycopy(block, 0, values, at, block.length);
            at += block.length;
        }
        float[] scores = scorer.score(new FeatureMatrix(values, rows, RankingFeatures.COUNT));
        List<List<RecommendedItem>> lists = new ArrayList<>(requests.size());
        int offset = 0;
        for (RankingRequest request : requests) {
            lists.add(finish(request, scores, offset, k));
            offset += request.size();
        }
        return lists;
    }

    /**
     * Gathers the admitted candidates of {@code user} and their features. A user whose vector is of
     * another embedding space than the catalog's (a new model is rolling out) is ranked as if it
     * had no vector yet: from its recent items, categories, trending and popular items, never by
     * comparing vectors of two spaces. With a sequence model, the user's own sequence is encoded
     * ({@link #contextOf}).
     */
    public RankingRequest prepare(UserState user) {
        return prepare(user, contextOf(user));
    }

    /**
     * Gathers the admitted candidates of {@code user}, with the sequence model's candidates and
     * scores from {@code sequence} when a model is set, and their features.
     */
    public RankingRequest prepare(UserState user, SequenceContext sequence) {
        return prepare(share(Collections.singletonList(user), List.of(sequence)), 0);
    }

    /** User {@code i} of {@code batch}: its admitted candidates and their features. */
    private RankingRequest prepare(Batch batch, int i) {
        Set<String> excluded = batch.excluded.get(i);
        return prepare(
                batch.users.get(i),
                excluded,
                batch.nearest.get(i),
                batch.sequenceScores,
                i,
                sequenceNearest(batch.sequenceScores, i, batch.contexts.get(i), excluded));
    }

    /**
     * Every user's sequence-model score of every item in one batched call ({@link
     * SequenceModel#scoreAll}), or null without a model.
     */
    private SequenceScores sequenceScores(List<SequenceContext> contexts) {
        if (sequenceModel == null) {
            return null;
        }
        List<UserEncoding> encodings = new ArrayList<>(contexts.size());
        contexts.forEach(sequence -> encodings.add(sequence.encoding()));
        return sequenceModel.scoreAll(encodings);
    }

    /**
     * The sequence source's candidates of user {@code i} (an empty list without a model or an
     * encoding): its best-scored items that the user's rules do not exclude and the context does
     * not leave out, both turned into blocked rows once, so the selection reads no item id.
     */
    private List<ScoredId> sequenceNearest(
            SequenceScores scores, int i, SequenceContext sequence, Set<String> excluded) {
        if (scores == null || !scores.scored(i)) {
            return List.of();
        }
        ItemVectors items = scores.items();
        BitSet blocked = items.rowsOf(excluded);
        blocked.or(items.rowsOf(sequence.leftOut()));
        return scores.top(i, sequenceCandidates, blocked);
    }

    /** {@link #prepare(UserState, SequenceContext)} with the scans' results already found. */
    private RankingRequest prepare(
            UserState user,
            Set<String> excluded,
            List<ScoredId> nearest,
            SequenceScores sequenceScores,
            int sequenceUser,
            List<ScoredId> sequenceNearest) {
        float[] textProfile = textProfile(user);
        SequenceSignals signals = SequenceSignals.of(user);
        boolean scored = sequenceScores != null && sequenceScores.scored(sequenceUser);
        List<Candidate> gathered =
                gatherer.gather(
                        user, signals, textProfile, nearest, scored ? sequenceNearest : List.of());
        if (scored) {
            withSequenceScores(gathered, sequenceScores, sequenceUser);
        }
        List<Candidate> candidates = new ArrayList<>();
        List<ItemFacts> facts = new ArrayList<>();
        for (Candidate candidate : gathered) {
            if (excluded.contains(candidate.itemId())) {
                continue;
            }
            // a plain test, not filter/ifPresent: a captured lambda per candidate, a few hundred
            // per user
            Optional<ItemFacts> item = catalog.item(candidate.itemId());
            if (item.isPresent() && rules.admits(item.get())) {
                candidates.add(candidate);
                facts.add(item.get());
            }
        }
        float[] values = new float[candidates.size() * RankingFeatures.COUNT];
        RankingFeatures.UserContext context =
                RankingFeatures.UserContext.of(user, signals, textProfile);
        for (int row = 0; row < candidates.size(); row++) {
            RankingFeatures.write(context, candidates.get(row), facts.get(row), values, row);
        }
        return new RankingRequest(
                user,
                candidates,
                facts,
                new FeatureMatrix(values, candidates.size(), RankingFeatures.COUNT));
    }

    /** The user as ranking may see it: without its vector when that is of another space. */
    private UserState inCatalogSpace(UserState user) {
        if (user == null
                || user.getVector().isEmpty()
                || EmbeddingSpace.of(user).equals(sources.embeddingSpace())) {
            return user;
        }
        return UserState.newBuilder(user).setVector(List.of()).setVectorWeight(0.0).build();
    }

    /**
     * Gives every candidate its sequence score, read from the batch's scores (the same float the
     * sequence source's selection read).
     */
    private static void withSequenceScores(
            List<Candidate> candidates, SequenceScores scores, int user) {
        for (Candidate candidate : candidates) {
            double score = scores.score(user, candidate.itemId());
            if (!Double.isNaN(score)) {
                candidate.sequenceScore(score);
            }
        }
    }

    /**
     * Scores {@code itemIds} for {@code user} (null when unknown) with this pipeline's features and
     * model, best first: what search re-ranks its hits with. An item keeps the source scores the
     * gatherer gives it for this user (a co-visited hit ranks higher); items the catalog lacks or
     * the rules do not admit (unavailable) are left out; exclusions and the category cap are not
     * applied, since the shopper asked for these items; with a sequence model each item gets its
     * sequence score from the user's own sequence. The score is the model's, scaled to [0, 1] over
     * these items (best 1, worst 0, equal scores stay equal), times the item's boost: never
     * negative, so a boost above 1 can only lift an item, as in {@link #finish}.
     */
    public List<ScoredId> rank(UserState user, List<String> itemIds) {
        user = inCatalogSpace(user);
        float[] textProfile = textProfile(user);
        SequenceSignals signals = SequenceSignals.of(user);
        Map<String, Candidate> gathered = new HashMap<>();
        if (user != null) {
            for (Candidate candidate : gatherer.gather(user, signals, textProfile)) {
                gathered.put(candidate.itemId(), candidate);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        List<ItemFacts> facts = new ArrayList<>();
        for (String itemId : new LinkedHashSet<>(itemIds)) {
            catalog.item(itemId)
                    .filter(rules::admits)
                    .ifPresent(
                            item -> {
                                candidates.add(
                                        gathered.getOrDefault(itemId, new Candidate(itemId)));
                                facts.add(item);
                            });
        }
        withSequenceScores(candidates, contextOf(user));
        float[] values = new float[candidates.size() * RankingFeatures.COUNT];
        RankingFeatures.UserContext context =
                RankingFeatures.UserContext.of(user, signals, textProfile);
        for (int row = 0; row < candidates.size(); row++) {
            RankingFeatures.write(context, candidates.get(row), facts.get(row), values, row);
        }
        float[] scores =
                scorer.score(new FeatureMatrix(values, candidates.size(), RankingFeatures.COUNT));
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float score : scores) {
            if (Float.isFinite(score)) {
                min = Math.min(min, score);
                max = Math.max(max, score);
            }
        }
        double span = max > min ? max - min : 0;
        List<ScoredId> ranked = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            double personal = span > 0 && Float.isFinite(scores[i]) ? (scores[i] - min) / span : 0;
            ranked.add(
                    new ScoredId(
                            candidates.get(i).itemId(), personal * rules.boostOf(facts.get(i))));
        }
        ranked.sort(
                Comparator.comparingDouble(ScoredId::score)
                        .reversed()
                        .thenComparing(ScoredId::itemId));
        return ranked;
    }

    /**
     * Gives each of {@code candidates} its sequence-model score, when a model is set: read from
     * {@link SequenceModel#scoreAll}, as {@link #recommendAll} reads it.
     */
    private void withSequenceScores(List<Candidate> candidates, SequenceContext sequence) {
        SequenceScores scores = sequenceScores(List.of(sequence));
        if (scores != null && scores.scored(0)) {
            withSequenceScores(candidates, scores, 0);
        }
    }

    private float[] textProfile(UserState user) {
        return TextProfile.of(user, sources, settings.recentAnchors(), settings.anchorDecay());
    }

    /**
     * The indexes {@code 0..n-1} ordered by {@code scores[offset + i]}, highest first (NaN as
     * negative infinity), equal scores by {@code byItemId}: the model's order of a request's
     * candidates. One primitive sort of (score, index) keys, then a comparator only inside runs of
     * equal scores: the boxed comparator sort of every candidate was 4 % of the model server's
     * samples at 1,000 events/s.
     */
    static int[] byModelScore(float[] scores, int offset, int n, Comparator<Integer> byItemId) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            float score = scores[offset + i];
            int bits = Float.floatToIntBits(Float.isNaN(score) ? Float.NEGATIVE_INFINITY : score);
            bits ^= (bits >> 31) & 0x7fffffff; // now ordered as signed ints as the floats are
            keys[i] = ((long) ~bits << 32) | i; // the highest score first, then the index
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int rank = 0; rank < n; rank++) {
            order[rank] = (int) keys[rank];
        }
        for (int from = 0, to; from < n; from = to) {
            to = from + 1;
            while (to < n && keys[to] >>> 32 == keys[from] >>> 32) {
                to++;
            }
            if (to - from > 1) {
                Integer[] tied = new Integer[to - from];
                for (int t = 0; t < tied.length; t++) {
                    tied[t] = order[from + t];
                }
                Arrays.sort(tied, byItemId);
                for (int t = 0; t < tied.length; t++) {
                    order[from + t] = tied[t];
                }
            }
        }
        return order;
    }

    /**
     * Ranks the candidates of {@code request} by {@code scores[offset + i]} and applies the rules.
     *
     * <p>Boosts are monotonic: the model's scores (a logit may be negative, where multiplying by a
     * boost would demote) are first turned into rank scores, {@code 1} for the best candidate
     * falling evenly to {@code 1/n} for the last, and a boost multiplies the rank score. So a boost
     * above 1 can only lift an item, by a share of the list independent of the model's scale, and
     * items of one category keep the model's order among themselves. Without boosts the order is
     * the model's. The listed score is the model's own.
     */
    public List<RecommendedItem> finish(RankingRequest request, float[] scores, int offset, int k) {
        int n = request.size();
        double[] model = new double[n];
        for (int i = 0; i < n; i++) {
            model[i] = scores[offset + i];
            if (Double.isNaN(model[i])) {
                model[i] = Double.NEGATIVE_INFINITY;
            }
        }
        Comparator<Integer> byItemId =
                Comparator.comparing(i -> request.candidates().get(i).itemId());
        int[] byModel = byModelScore(scores, offset, n, byItemId);
        double[] boosted = new double[n];
        boolean anyBoost = false;
        for (int rank = 0; rank < n; rank++) {
            int i = byModel[rank];
            double boost = rules.boostOf(request.facts().get(i));
            anyBoost |= boost != 1.0;
            boosted[i] = (double) (n - rank) / n * boost;
        }
        int[] order = byModel;
        if (anyBoost) {
            // without a boost the rank scores fall strictly with the model's rank: no new order
            Integer[] boostedOrder = new Integer[n];
            for (int rank = 0; rank < n; rank++) {
                boostedOrder[rank] = byModel[rank];
            }
            Arrays.sort(
                    boostedOrder,
                    Comparator.<Integer>comparingDouble(i -> -boosted[i])
                            .thenComparingDouble(i -> -model[i])
                            .thenComparing(byItemId));
            order = new int[n];
            for (int rank = 0; rank < n; rank++) {
                order[rank] = boostedOrder[rank];
            }
        }
        Map<String, Integer> perCategory = new HashMap<>();
        List<RecommendedItem> ranked = new ArrayList<>(Math.min(k, n));
        for (int i : order) {
            if (ranked.size() >= k) {
                break;
            }
            String category = request.facts().get(i).category();
            if (rules.maxPerCategory() > 0 && category != null) {
                int used = perCategory.merge(category, 1, Integer::sum);
                if (used > rules.maxPerCategory()) {
                    continue;
                }
            }
            Candidate candidate = request.candidates().get(i);
            ranked.add(new RecommendedItem(candidate.itemId(), model[i], candidate.reason()));
        }
        return ranked;
    }
}
