package dev.perch.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.recommend.BusinessRules;
import dev.perch.core.recommend.GatherSettings;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.ScoredId;
import dev.perch.core.recommend.TextProfile;
import dev.perch.core.recommend.WeightedSumScorer;
import dev.perch.core.recommend.memory.MemorySources;
import dev.perch.events.EventType;
import dev.perch.events.Item;
import dev.perch.events.RecentItem;
import dev.perch.events.UserState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Hybrid search re-ranked by the shopper's state through the recommender's own model. */
class PersonalSearchTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final MemorySources sources = MemorySources.withDefaults();
    private final Map<String, Item> items = new HashMap<>();

    PersonalSearchTest() {
        Map<String, float[]> text = new HashMap<>();
        add(text, "trail-shoe", "Shoes", "red", 40.0, 1, 0);
        add(text, "road-shoe", "Shoes", "red", 45.0, 0.9f, 0.2f);
        add(text, "dress-shoe", "Shoes", "black", 90.0, 0, 1);
        add(text, "ballet-shoe", "Shoes", "red", 30.0, 0.1f, 1);
        sources.useTextEmbeddings(text, Map.of());
    }

    private void add(
            Map<String, float[]> text,
            String id,
            String category,
            String colour,
            double price,
            float x,
            float y) {
        text.put(id, TextProfile.normalised(new float[] {x, y}));
        items.put(
                id,
                Item.newBuilder()
                        .setItemId(id)
                        .setTitle(id)
                        .setCategoryPath(List.of(category))
                        .setAttributes(Map.of("colour", colour))
                        .setPrice(price)
                        .build());
    }

    private PersonalSearch search(double personalWeight) {
        Recommender recommender =
                new Recommender(
                        sources,
                        sources.catalog(),
                        WeightedSumScorer.DEFAULT,
                        GatherSettings.DEFAULTS,
                        BusinessRules.NONE);
        return new PersonalSearch(
                recommender, id -> Optional.ofNullable(items.get(id)), 100, personalWeight);
    }

    @Test
    @DisplayName(
            "the same query ranks a runner's kind of shoe first and a dancer's kind for a dancer")
    void personalised() {
        QueryUnderstanding understanding =
                new QueryUnderstanding(
                        f -> f == Vocabulary.Facet.COLOUR ? Set.of("red", "black") : Set.of());
        UnderstoodQuery query = understanding.understand("shoes");
        List<String> lexical = List.of("dress-shoe", "ballet-shoe", "road-shoe", "trail-shoe");
        List<String> semantic = List.of("ballet-shoe", "dress-shoe", "trail-shoe", "road-shoe");

        List<String> runner =
                ids(search(1).search(viewer("trail-shoe"), query, lexical, semantic, 4));
        List<String> dancer =
                ids(search(1).search(viewer("ballet-shoe"), query, lexical, semantic, 4));
        List<String> anonymous = ids(search(1).search(null, query, lexical, semantic, 4));

        assertThat(runner.indexOf("road-shoe")).isLessThan(runner.indexOf("dress-shoe"));
        assertThat(dancer.indexOf("dress-shoe")).isLessThan(dancer.indexOf("road-shoe"));
        assertThat(anonymous)
                .containsExactlyInAnyOrder("dress-shoe", "ballet-shoe", "road-shoe", "trail-shoe");
    }

    @Test
    @DisplayName("understood filters drop every hit that does not match them")
    void filters() {
        QueryUnderstanding understanding =
                new QueryUnderstanding(
                        f -> f == Vocabulary.Facet.COLOUR ? Set.of("red", "black") : Set.of());
        UnderstoodQuery query = understanding.understand("red shoes under 42");
        List<String> all = List.of("dress-shoe", "ballet-shoe", "road-shoe", "trail-shoe");
        assertThat(ids(search(1).search(viewer("trail-shoe"), query, all, all, 10)))
                .containsExactlyInAnyOrder("ballet-shoe", "trail-shoe");
    }

    private static UserState viewer(String item) {
        return UserState.newBuilder()
                .setUserId("me")
                .setVersion(1)
                .setRecentItems(List.of(new RecentItem(item, EventType.VIEW, T0)))
                .setEventCounts(Map.of("VIEW", 1L))
                .setFirstSeen(T0)
                .setLastSeen(T0)
                .setUpdatedAt(T0)
                .build();
    }

    private static List<String> ids(List<ScoredId> hits) {
        return hits.stream().map(ScoredId::itemId).toList();
    }
}
