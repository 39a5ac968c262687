package dev.perch.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.core.recommend.BusinessRules;
import dev.perch.core.recommend.CandidateSource;
import dev.perch.core.recommend.GatherSettings;
import dev.perch.core.recommend.ItemFacts;
import dev.perch.core.recommend.Recommender;
import dev.perch.core.recommend.WeightedSumScorer;
import dev.perch.core.recommend.memory.MemorySources;
import dev.perch.demo.DemoCatalog;
import dev.perch.events.EventType;
import dev.perch.events.RecentItem;
import dev.perch.events.RecommendedItem;
import dev.perch.events.UserState;
import dev.perch.featurestore.FeatureStore;
import dev.perch.model.ModelArtifact;
import dev.perch.modelserver.ArtifactModelLoader;
import dev.perch.modelserver.LiveRecommender;
import dev.perch.modelserver.ServedModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model {@code perch local} trains at its first start, as the model server serves it. */
@DisplayName("The demo model of perch local")
class DemoModelTest {
    @TempDir static Path dir;
    static ModelArtifact artifact;
    static String firstStart;

    @BeforeAll
    static void firstStart() throws Exception {
        StringWriter text = new StringWriter();
        artifact = DemoModel.ensure(dir.resolve("models"), new PrintWriter(text));
        firstStart = text.toString();
        System.out.print(firstStart); // the training time, for the record
    }

    @Test
    @DisplayName(
            "the first start trains the ranker with a SASRec+ sequence model in the artifact, and"
                    + " the model server's loader serves it: a demo shopper's list holds the"
                    + " sequence model's candidates")
    void trainsAndServesTheSequenceModel() throws Exception {
        assertThat(firstStart).contains("training on").contains("with sequence model");
        assertThat(artifact.sequence()).isPresent();
        assertThat(artifact.metrics()).containsKey("sequence_items");

        try (FeatureStore store = FeatureStore.open(dir.resolve("store"))) {
            ServedModel served = new ArtifactModelLoader(store, "cpu").load(artifact.directory());
            assertThat(served.version()).isEqualTo(artifact.version());
            assertThat(served.sequence()).isNotNull();
            assertThat(served.sequence().version())
                    .isEqualTo(artifact.sequence().orElseThrow().version());

            MemorySources sources = MemorySources.withDefaults();
            DemoCatalog.items(Instant.EPOCH)
                    .forEach(
                            item ->
                                    sources.catalog()
                                            .put(
                                                    new ItemFacts(
                                                            item.getItemId(),
                                                            true,
                                                            null,
                                                            null,
                                                            0)));
            try (LiveRecommender live =
                    new LiveRecommender(
                            new Recommender(
                                    sources,
                                    sources.catalog(),
                                    WeightedSumScorer.DEFAULT,
                                    GatherSettings.DEFAULTS,
                                    BusinessRules.NONE))) {
                live.swap(served);
                List<String> sequence = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    sequence.add(served.sequence().items().id(i));
                }
                List<RecommendedItem> list =
                        live.use(r -> r.recommendAll(List.of(shopper(sequence)), 10)).get(0);
                assertThat(list)
                        .isNotEmpty()
                        .extracting(RecommendedItem::getReason)
                        .contains(CandidateSource.SEQUENCE.reason());
            }
        }
    }

    @Test
    @DisplayName("a later start reuses the newest artifact instead of training again")
    void laterStartReuses() throws Exception {
        StringWriter text = new StringWriter();
        ModelArtifact again = DemoModel.ensure(dir.resolve("models"), new PrintWriter(text));
        assertThat(again.version()).isEqualTo(artifact.version());
        assertThat(text.toString())
                .contains("using " + artifact.version())
                .contains("with sequence model")
                .doesNotContain("training on");
    }

    private static UserState shopper(List<String> items) {
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        List<RecentItem> entries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            entries.add(new RecentItem(items.get(i), EventType.VIEW, t0.plusSeconds(i)));
        }
        return UserState.newBuilder()
                .setUserId("shopper-test")
                .setVersion(1)
                .setSequence(entries)
                .setFirstSeen(t0)
                .setLastSeen(t0.plusSeconds(entries.size()))
                .setUpdatedAt(t0)
                .build();
    }
}
