package dev.perch.core.recommend;

import dev.perch.core.EmbeddingSpace;
import dev.perch.events.EventType;
import dev.perch.events.RecentItem;
import dev.perch.events.UserState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gathers the candidates of one user from every source: the items that followed the user's latest
 * items (directional transitions), co-visitation neighbours of the newest items, the user's own
 * latest interactions (re-visits), the nearest items to the user vector, trending in the user's
 * strongest categories and globally, popular items, and (beyond the cap) the items nearest in text
 * to the user's recent items. Anchors are weighed {@code anchorDecay^rank}, so the last click
 * weighs most. A user without state (unknown, cold) gets trending and popular.
 */
public final class CandidateGatherer {
    private final CandidateSources sources;
    private final GatherSettings settings;
    private final int mapCapacity;

    public CandidateGatherer(CandidateSources sources, GatherSettings settings) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.settings = Objects.requireNonNull(settings, "settings");
        // the most ids the sources can propose, so the map of one user never grows (rehashes)
        long most =
                (long) settings.followAnchors() * settings.followersPerAnchor()
                        + (long) settings.recentAnchors() * settings.neighborsPerAnchor()
                        + settings.sessionItems()
                        + settings.nearest()
                        + (long) (settings.trendingCategories() + 1) * settings.trendingPerScope()
                        + settings.popular();
        this.mapCapacity = (int) Math.min(1 << 16, most * 4 / 3 + 1);
    }

    /** The candidates of {@code user} (null for an unknown user), computing its text profile. */
    public List<Candidate> gather(UserState user) {
        return gather(
                user,
                TextProfile.of(user, sources, settings.recentAnchors(), settings.anchorDecay()));
    }

    /**
     * The candidates of {@code user} (null for an unknown user): at most {@code maxCandidates} from
     * the behavioural sources, then up to {@code content} nearest in text to {@code textProfile}
     * (null: none).
     */
    public List<Candidate> gather(UserState user, float[] textProfile) {
        return gather(user, SequenceSignals.of(user), textProfile);
    }

    /**
     * {@link #gather(UserState, float[])} with the user's {@link SequenceSignals} made once by the
     * caller, which reads them again for the ranking features.
     */
    public List<Candidate> gather(UserState user, SequenceSignals sequence, float[] textProfile) {
        return gather(user, sequence, textProfile, nearest(user), List.of());
    }

    /**
     * {@link #gather(UserState, float[])} with the user's nearest items already found ({@link
     * #nearestAll}): what a batch of users gathers after one pass over the embeddings.
     */
    public List<Candidate> gather(UserState user, float[] textProfile, List<ScoredId> nearest) {
        return gather(user, SequenceSignals.of(user), textProfile, nearest, List.of());
    }

    /**
     * {@link #gather(UserState, float[], List)} with the user's {@link SequenceSignals} (made once
     * per request by the caller) and the sequence source's candidates ({@code sequenceNearest},
     * scored by the sequence model), which come last: like the content source's, they are not cut
     * by {@code maxCandidates}, so the model can propose items no other source found. One map holds
     * the candidates from the first source to the last.
     */
    public List<Candidate> gather(
            UserState user,
            SequenceSignals sequence,
            float[] textProfile,
            List<ScoredId> nearest,
            List<ScoredId> sequenceNearest) {
        Map<String, Candidate> byItem =
                new LinkedHashMap<>(
                        mapCapacity + (settings.content() + sequenceNearest.size()) * 4 / 3);
        if (user != null) {
            addFollowers(sequence, byItem);
            addNeighbors(user, byItem);
            addRevisits(sequence, byItem);
            for (ScoredId scored : nearest) {
                byItem.computeIfAbsent(scored.itemId(), Candidate::new)
                        .add(CandidateSource.NEAREST, scored.score());
            }
            for (String category : strongestCategories(user)) {
                add(
                        byItem,
                        CandidateSource.TRENDING,
                        sources.trending(category, settings.trendingPerScope()),
                        1);
            }
        }
        add(
                byItem,
                CandidateSource.TRENDING,
                sources.trending(CandidateSources.GLOBAL, settings.trendingPerScope()),
                1);
        add(byItem, CandidateSource.POPULAR, sources.popular(settings.popular()), 1);
        if (byItem.size() > settings.maxCandidates()) {
            // the first maxCandidates stay, in the order the sources proposed them
            Iterator<Candidate> beyond = byItem.values().iterator();
            for (int kept = 0; kept < settings.maxCandidates(); kept++) {
                beyond.next();
            }
            while (beyond.hasNext()) {
                beyond.next();
                beyond.remove();
            }
        }
        addContent(textProfile, byItem);
        for (ScoredId scored : sequenceNearest) {
            byItem.computeIfAbsent(scored.itemId(), Candidate::new)
                    .add(CandidateSource.SEQUENCE, scored.score());
        }
        return new ArrayList<>(byItem.values());
    }

    /** The content source: items nearest in text, scored by their cosine to the profile. */
    private void addContent(float[] textProfile, Map<String, Candidate> byItem) {
        if (textProfile == null || settings.content() == 0) {
            return;
        }
        for (ScoredId scored : sources.nearestText(textProfile, settings.content())) {
            byItem.computeIfAbsent(scored.itemId(), Candidate::new)
                    .add(CandidateSource.CONTENT, Math.max(0, scored.score()));
        }
    }

    private void addNeighbors(UserState user, Map<String, Candidate> byItem) {
        List<RecentItem> recent = user.getRecentItems();
        int anchors = Math.min(settings.recentAnchors(), recent.size());
        for (int rank = 0; rank < anchors; rank++) {
            RecentItem anchor = recent.get(rank);
            CandidateSource source =
                    anchor.getType() == EventType.PURCHASE
                                    || anchor.getType() == EventType.ADD_TO_CART
                            ? CandidateSource.BOUGHT_TOGETHER
                            : CandidateSource.NEIGHBORS;
            List<ScoredId> neighbors =
                    sources.neighbors(anchor.getItemId(), settings.neighborsPerAnchor());
            add(byItem, source, neighbors, Math.pow(settings.anchorDecay(), rank));
        }
    }

    private void addFollowers(SequenceSignals sequence, Map<String, Candidate> byItem) {
        if (settings.followersPerAnchor() == 0) {
            return;
        }
        List<String> anchors = sequence.latestDistinct(settings.followAnchors());
        for (int rank = 0; rank < anchors.size(); rank++) {
            add(
                    byItem,
                    CandidateSource.FOLLOWS,
                    sources.followers(anchors.get(rank), settings.followersPerAnchor()),
                    Math.pow(settings.anchorDecay(), rank));
        }
    }

    private void addRevisits(SequenceSignals sequence, Map<String, Candidate> byItem) {
        if (settings.sessionItems() == 0) {
            return;
        }
        sequence.revisitScores(settings.sessionItems())
                .forEach(
                        (item, score) ->
                                byItem.computeIfAbsent(item, Candidate::new)
                                        .add(CandidateSource.SESSION, score));
    }

    /**
     * The items nearest to the vector of each of {@code users} (null entries allowed), as {@link
     * #gather} proposes them, found in one call to the sources: an empty list for a user without a
     * vector (or without weight, or when the source is switched off).
     */
    public List<List<ScoredId>> nearestAll(List<UserState> users) {
        List<List<ScoredId>> out = new ArrayList<>(users.size());
        List<float[]> queries = new ArrayList<>(users.size());
        List<Integer> asking = new ArrayList<>(users.size());
        EmbeddingSpace space = null;
        for (int u = 0; u < users.size(); u++) {
            UserState user = users.get(u);
            float[] query = queryOf(user);
            out.add(List.of());
            if (query != null) {
                EmbeddingSpace of = EmbeddingSpace.of(user);
                if (space != null && !space.equals(of)) {
                    // users of two spaces in one batch: each asks on its own (and is refused)
                    return eachNearest(users);
                }
                space = of;
                queries.add(query);
                asking.add(u);
            }
        }
        if (queries.isEmpty()) {
            return out;
        }
        List<List<ScoredId>> found = sources.nearestAll(queries, space, settings.nearest());
        for (int q = 0; q < asking.size(); q++) {
            out.set(asking.get(q), found.get(q));
        }
        return out;
    }

    private List<List<ScoredId>> eachNearest(List<UserState> users) {
        List<List<ScoredId>> out = new ArrayList<>(users.size());
        users.forEach(user -> out.add(nearest(user)));
        return out;
    }

    private List<ScoredId> nearest(UserState user) {
        float[] query = queryOf(user);
        return query == null
                ? List.of()
                : sources.nearest(query, EmbeddingSpace.of(user), settings.nearest());
    }

    /** The user's vector as a nearest-items query, or null when that source does not apply. */
    private float[] queryOf(UserState user) {
        if (user == null) {
            return null;
        }
        List<Float> vector = user.getVector();
        if (settings.nearest() == 0 || vector.isEmpty() || user.getVectorWeight() <= 0) {
            return null;
        }
        float[] query = new float[vector.size()];
        for (int i = 0; i < query.length; i++) {
            query[i] = vector.get(i);
        }
        return query;
    }

    private List<String> strongestCategories(UserState user) {
        return user.getCategoryAffinity().entrySet().stream()
                .sorted(
                        Map.Entry.<String, Float>comparingByValue(Comparator.reverseOrder())
                                .thenComparing(Map.Entry.comparingByKey()))
                .limit(settings.trendingCategories())
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Adds a best-first list, each score divided by the list's best and multiplied by {@code
     * weight}.
     */
    private static void add(
            Map<String, Candidate> byItem,
            CandidateSource source,
            List<ScoredId> list,
            double weight) {
        if (list.isEmpty()) {
            return;
        }
        double best = list.stream().mapToDouble(ScoredId::score).max().orElse(1);
        double scale = best > 0 ? weight / best : 0;
        for (ScoredId scored : list) {
            byItem.computeIfAbsent(scored.itemId(), Candidate::new)
                    .add(source, scored.score() * scale);
        }
    }
}
