package dev.perch.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perch.core.recommend.memory.MemorySources;
import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.ReasonCode;
import dev.perch.events.RecentItem;
import dev.perch.events.RecommendedItem;
import dev.perch.events.UserState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The content source and the text-similarity feature: an item nobody touched reaches the shoppers
 * whose recent items read like it, and only them.
 */
class ContentSourceTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MemorySources sources = MemorySources.withDefaults();

    @BeforeEach
    void shop() {
        Map<String, float[]> text = new HashMap<>();
        text.put("shoe-a", unit(1, 0.1f, 0));
        text.put("shoe-b", unit(1, 0, 0.1f));
        text.put("shoe-new", unit(1, 0.05f, 0.05f));
        text.put("pan-a", unit(0, 1, 0));
        text.put("pan-b", unit(0.1f, 1, 0));
        text.put("pan-new", unit(0, 1, 0.1f));
        for (int i = 0; i < 30; i++) {
            text.put("hat" + i, unit(0, 0, 1));
        }
        sources.useTextEmbeddings(text, Map.of());
        // other shoppers browse hats and the old shoes and pans: popular and trending
        long t = T0.toEpochMilli();
        for (int u = 0; u < 10; u++) {
            for (int h = 0; h < 30; h++) {
                observe("u" + u, "hat" + h, t + u * 1000 + h);
            }
            observe("u" + u, "shoe-a", t + u * 1000 + 40);
            observe("u" + u, "pan-a", t + u * 1000 + 50);
        }
    }

    private Recommender recommender(GatherSettings settings) {
        return new Recommender(
                sources,
                sources.catalog(),
                WeightedSumScorer.DEFAULT,
                settings,
                BusinessRules.NONE);
    }

    @Test
    @DisplayName(
            "an item with no interaction is recommended to a shopper whose recent items are close"
                    + " in text, not to one whose items are not")
    void newItemReachesTheRightShopper() {
        List<String> runner =
                ids(recommender(GatherSettings.DEFAULTS).recommend(viewer("shoe-a", "shoe-b"), 10));
        List<String> cook =
                ids(recommender(GatherSettings.DEFAULTS).recommend(viewer("pan-a", "pan-b"), 10));

        assertThat(runner).contains("shoe-new").doesNotContain("pan-new");
        assertThat(cook).contains("pan-new").doesNotContain("shoe-new");
    }

    @Test
    @DisplayName("a content candidate says it is similar to what the shopper viewed")
    void contentReason() {
        List<RecommendedItem> list =
                recommender(GatherSettings.DEFAULTS).recommend(viewer("shoe-a", "shoe-b"), 10);
        assertThat(list.stream().filter(i -> i.getItemId().equals("shoe-new")).findFirst())
                .get()
                .extracting(RecommendedItem::getReason)
                .isEqualTo(ReasonCode.SIMILAR_TO_VIEWED);
    }

    @Test
    @DisplayName("without the content source the untouched item is never gathered")
    void withoutContentNoNewItem() {
        List<String> runner =
                ids(
                        recommender(GatherSettings.DEFAULTS.withContent(0))
                                .recommend(viewer("shoe-a", "shoe-b"), 40));
        assertThat(runner).doesNotContain("shoe-new", "pan-new");
    }

    @Test
    @DisplayName("the text-similarity feature is the cosine of the item and the recent items' text")
    void textSimilarityFeature() {
        Recommender recommender = recommender(GatherSettings.DEFAULTS);
        RankingRequest request = recommender.prepare(viewer("shoe-a"));
        int column = RankingFeatures.NAMES.indexOf("text_similarity");
        double shoe = 0;
        double pan = 0;
        for (int row = 0; row < request.size(); row++) {
            String id = request.candidates().get(row).itemId();
            if (id.equals("shoe-new")) {
                shoe = request.features().get(row, column);
            } else if (id.equals("pan-a")) {
                pan = request.features().get(row, column);
            }
        }
        assertThat(shoe).isGreaterThan(0.9);
        assertThat(pan).isLessThan(0.2);
    }

    @Test
    @DisplayName("an unknown user has no text profile and gets no content candidates")
    void unknownUser() {
        assertThat(TextProfile.of(null, sources, 10, 0.5)).isNull();
        assertThat(ids(recommender(GatherSettings.DEFAULTS).recommend(null, 10)))
                .doesNotContain("shoe-new", "pan-new");
    }

    @Test
    @DisplayName(
            "the text profile weighs each of the newest distinct items once, by its rank among"
                    + " them: a repeated item neither counts twice nor takes an anchor's place")
    void profileOfDistinctAnchors() {
        float[] once = TextProfile.of(viewer("pan-a", "shoe-a", "shoe-b"), sources, 2, 0.5);
        float[] repeated =
                TextProfile.of(viewer("pan-a", "pan-a", "shoe-a", "shoe-b"), sources, 2, 0.5);
        float[] expected = new float[3];
        float[] pan = unit(0, 1, 0);
        float[] shoe = unit(1, 0.1f, 0);
        for (int i = 0; i < 3; i++) {
            expected[i] = pan[i] + 0.5f * shoe[i];
        }
        TextProfile.normalised(expected);

        assertThat(once).containsExactly(expected, within(1e-6f));
        assertThat(repeated).containsExactly(expected, within(1e-6f));
    }

    private void observe(String user, String item, long time) {
        sources.observe(
                ClickEvent.newBuilder()
                        .setEventId(user + "-" + item + "-" + time)
                        .setUserId(user)
                        .setSessionId(null)
                        .setType(EventType.VIEW)
                        .setItemId(item)
                        .setEventTime(Instant.ofEpochMilli(time))
                        .setReceivedTime(Instant.ofEpochMilli(time))
                        .build());
    }

    private static UserState viewer(String... items) {
        List<RecentItem> recent =
                java.util.Arrays.stream(items)
                        .map(id -> new RecentItem(id, EventType.VIEW, T0))
                        .toList();
        return UserState.newBuilder()
                .setUserId("me")
                .setVersion(1)
                .setRecentItems(recent)
                .setEventCounts(Map.of("VIEW", (long) items.length))
                .setFirstSeen(T0)
                .setLastSeen(T0)
                .setUpdatedAt(T0)
                .build();
    }

    private static List<String> ids(List<RecommendedItem> list) {
        return list.stream().map(RecommendedItem::getItemId).toList();
    }

    private static float[] unit(float... v) {
        return TextProfile.normalised(v.clone());
    }
}
