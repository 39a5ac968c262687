package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.recommend.BusinessRules;
import dev.perch.core.recommend.CandidateSource;
import dev.perch.core.recommend.GatherSettings;
import dev.perch.core.recommend.ItemFacts;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.WeightedSumScorer;
import dev.perch.core.recommend.memory.MemorySources;
import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.events.RecentItem;
import dev.perch.events.RecommendedItem;
import dev.perch.events.UserState;
import dev.perch.featurestore.FeatureStore;
import dev.perch.model.ModelArtifact;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.testing.PlantedClickStream;
import dev.perch.model.train.PerchTrainer;
import dev.perch.model.train.TrainSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A model artifact with a sequence model, served")
class ServedSequenceModelTest {
    @TempDir static Path dir;
    static PlantedClickStream stream;
    static ModelArtifact artifact;

    @BeforeAll
    static void train() throws Exception {
        stream = PlantedClickStream.generate(5);
        artifact =
                new PerchTrainer("cpu", line -> {})
                        .train(
                                stream.events(),
                                stream.items(),
                                TrainSettings.SMALL,
                                SequenceSettings.SMALL,
                                dir.resolve("models"))
                        .artifact();
    }

    @Test
    @DisplayName(
            "the loader puts the ranker and its sequence model in service together; the lists"
                    + " of a user come from the sequence model's candidates; a later model"
                    + " without one takes it out of service")
    void loadsAndServesTheSequenceModel() throws Exception {
        try (FeatureStore store = FeatureStore.open(dir.resolve("store"))) {
            ServedModel served = new ArtifactModelLoader(store, "cpu").load(artifact.directory());
            assertThat(served.version()).isEqualTo(artifact.version());
            assertThat(served.sequence()).isNotNull();
            assertThat(served.sequence().version())
                    .isEqualTo(artifact.sequence().orElseThrow().version());

            MemorySources sources = MemorySources.withDefaults();
            stream.items()
                    .forEach(
                            item ->
                                    sources.catalog()
                                            .put(
                                                    new ItemFacts(
                                                            item.getItemId().toString(),
                                                            true,
                                                            null,
                                                            null,
                                                            0)));
            LiveRecommender live =
                    new LiveRecommender(
                            new Recommender(
                                    sources,
                                    sources.catalog(),
                                    WeightedSumScorer.DEFAULT,
                                    GatherSettings.DEFAULTS,
                                    BusinessRules.NONE));
            live.swap(served);

            // longer than the user's own history, so that the user's revisited items (which
            // the trained ranker may well put first) cannot fill it alone
            List<String> history = firstUsersItems();
            int size = new java.util.HashSet<>(history).size() + 10;
            List<RecommendedItem> list =
                    live.use(r -> r.recommendAll(List.of(userOf(history)), size)).get(0);
            assertThat(list).isNotEmpty();
            assertThat(list)
                    .extracting(RecommendedItem::getReason)
                    .contains(CandidateSource.SEQUENCE.reason());
            assertThat(live.use(Recommender::sequenceModel)).isSameAs(served.sequence());

            live.swap(WeightedSumScorer.DEFAULT);
            assertThat(live.use(Recommender::sequenceModel)).isNull();
        }
    }

    /** The items of the first user of the stream, oldest first. */
    private static List<String> firstUsersItems() {
        String user = stream.events().get(0).getUserId().toString();
        List<String> items = new ArrayList<>();
        stream.events().stream()
                .filter(e -> e.getUserId().toString().equals(user) && e.getItemId() != null)
                .sorted(java.util.Comparator.comparing(ClickEvent::getEventTime))
                .forEach(e -> items.add(e.getItemId().toString()));
        return items;
    }

    private static UserState userOf(List<String> sequence) {
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        List<RecentItem> entries = new ArrayList<>();
        for (int i = 0; i < sequence.size(); i++) {
            entries.add(new RecentItem(sequence.get(i), EventType.VIEW, t0.plusSeconds(i)));
        }
        return UserState.newBuilder()
                .setUserId("u")
                .setVersion(1)
                .setSequence(entries)
                .setFirstSeen(t0)
                .setLastSeen(t0.plusSeconds(entries.size()))
                .setUpdatedAt(t0)
                .build();
    }
}
