package dev.perch.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.TrendingSettings;
import dev.perch.core.recommend.memory.MemorySources;
import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.RecommendedItem;
import dev.perch.events.UserState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The sequential candidate sources and features on a small generated shop: followers of the latest
 * items (the last click weighs most), re-visits, and the v2 feature columns.
 */
class SequentialSourcesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MemorySources sources =
            new MemorySources(
                    CoVisitationSettings.DEFAULTS,
                    new TrendingSettings(Duration.ofHours(1), Duration.ofMinutes(5), 50),
                    100);

    @BeforeEach
    void shop() {
        for (String id : List.of("x", "y", "p", "q", "a", "b")) {
            sources.catalog().put(new ItemFacts(id, true, "c", null, 0));
        }
        // other shoppers: x is followed by p, y by q; never the other way round
        for (int u = 0; u < 20; u++) {
            long t = T0.toEpochMilli() + u * 10_000L;
            observe("s" + u, "x", t);
            observe("s" + u, "p", t + 1_000);
            observe("t" + u, "y", t);
            observe("t" + u, "q", t + 1_000);
        }
    }

    private void observe(String user, String item, long time) {
        sources.observe(
                ClickEvent.newBuilder()
                        .setEventId(user + item + time)
                        .setUserId(user)
                        .setType(EventType.VIEW)
                        .setItemId(item)
                        .setEventTime(Instant.ofEpochMilli(time))
                        .setReceivedTime(Instant.ofEpochMilli(time))
                        .build());
    }

    private Map<String, Candidate> gather(UserState user) {
        return new CandidateGatherer(sources, GatherSettings.DEFAULTS)
                .gather(user).stream()
                        .collect(Collectors.toMap(Candidate::itemId, Function.identity()));
    }

    @Test
    @DisplayName("the followers of the last click weigh most: after y then x, p leads q")
    void lastClickWeighsMost() {
        Map<String, Candidate> byItem = gather(SequenceSignalsTest.user(List.of("y", "x")));

        assertThat(byItem.get("p").score(CandidateSource.FOLLOWS)).isCloseTo(1.0, within(1e-9));
        assertThat(byItem.get("q").score(CandidateSource.FOLLOWS)).isCloseTo(0.5, within(1e-9));
        List<RecommendedItem> list =
                new Recommender(
                                sources,
                                sources.catalog(),
                                WeightedSumScorer.DEFAULT,
                                GatherSettings.DEFAULTS,
                                BusinessRules.NONE)
                        .recommend(SequenceSignalsTest.user(List.of("y", "x")), 10);
        List<String> ids = list.stream().map(RecommendedItem::getItemId).toList();
        assertThat(ids.indexOf("p")).isLessThan(ids.indexOf("q"));
    }

    @Test
    @DisplayName("transitions are directional: after p, x is not proposed as a follower")
    void directional() {
        Map<String, Candidate> byItem = gather(SequenceSignalsTest.user(List.of("p")));

        assertThat(byItem.containsKey("x") && byItem.get("x").proposedBy(CandidateSource.FOLLOWS))
                .isFalse();
    }

    @Test
    @DisplayName("the user's own latest items come back as re-visits with their own features")
    void revisitsAreCandidatesWithFeatures() {
        UserState user = SequenceSignalsTest.user(List.of("a", "b", "a"));
        RankingRequest request =
                new Recommender(
                                sources,
                                sources.catalog(),
                                WeightedSumScorer.DEFAULT,
                                GatherSettings.DEFAULTS,
                                BusinessRules.NONE)
                        .prepare(user);

        int a = -1;
        int b = -1;
        for (int i = 0; i < request.size(); i++) {
            String id = request.candidates().get(i).itemId();
            a = id.equals("a") ? i : a;
            b = id.equals("b") ? i : b;
        }
        assertThat(a).isNotNegative();
        assertThat(b).isNotNegative();
        FeatureMatrix f = request.features();
        int revisit = RankingFeatures.NAMES.indexOf("revisit_score");
        assertThat(f.get(a, revisit)).isCloseTo(1f + 1f / 3, within(1e-6f));
        assertThat(f.get(b, revisit)).isCloseTo(0.5f, within(1e-6f));
        assertThat(f.get(a, RankingFeatures.NAMES.indexOf("log_sequence_count")))
                .isCloseTo((float) Math.log1p(2), within(1e-6f));
        assertThat(f.get(a, RankingFeatures.NAMES.indexOf("is_last_item"))).isEqualTo(1f);
        assertThat(f.get(b, RankingFeatures.NAMES.indexOf("is_last_item"))).isZero();
        assertThat(f.get(b, RankingFeatures.NAMES.indexOf("sequence_recency")))
                .isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    @DisplayName(
            "withMaxCandidates changes the cap alone, and the cap keeps the first candidates the"
                    + " sources proposed")
    void capOnCandidates() {
        GatherSettings two = GatherSettings.DEFAULTS.withMaxCandidates(2);
        assertThat(two.maxCandidates()).isEqualTo(2);
        assertThat(two.withMaxCandidates(GatherSettings.DEFAULTS.maxCandidates()))
                .isEqualTo(GatherSettings.DEFAULTS);
        UserState user = SequenceSignalsTest.user(List.of("y", "x"));
        List<Candidate> all = new CandidateGatherer(sources, GatherSettings.DEFAULTS).gather(user);
        List<Candidate> capped = new CandidateGatherer(sources, two).gather(user);

        assertThat(all).hasSizeGreaterThan(2);
        assertThat(capped)
                .extracting(Candidate::itemId)
                .containsExactlyElementsOf(
                        all.subList(0, 2).stream().map(Candidate::itemId).toList());
    }

    @Test
    @DisplayName("with re-visits and followers turned off, neither source proposes anything")
    void sourcesCanBeTurnedOff() {
        GatherSettings off = GatherSettings.DEFAULTS.withSequential(3, 0, 0.5, 0);
        List<Candidate> candidates =
                new CandidateGatherer(sources, off)
                        .gather(SequenceSignalsTest.user(List.of("y", "x")));

        assertThat(candidates)
                .noneMatch(
                        c ->
                                c.proposedBy(CandidateSource.FOLLOWS)
                                        || c.proposedBy(CandidateSource.SESSION));
    }
}
