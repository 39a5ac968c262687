package dev.perch.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.EventType;
import dev.perch.model.ModelArtifact;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.testing.PlantedClickStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName(
        "Split by user (leave-one-out's shape): the sequence model learns on every user's history"
                + " but the last item, the ranker on those last items")
class SequenceSplitTest {
    @TempDir Path out;

    @Test
    @DisplayName(
            "only the last item event of a user with three or more items is marked; events without"
                    + " an item and shorter users are not")
    void lastItemEventsMarksEachLongEnoughUsersLastItem() {
        List<ClickEvent> events = new ArrayList<>();
        events.add(event(0, "a", "i1"));
        events.add(event(1, "b", "i1"));
        events.add(event(2, "a", "i2"));
        events.add(event(3, "a", "i3"));
        events.add(event(4, "b", "i2"));
        events.add(event(5, "a", null));
        events.add(event(6, "c", "i1"));
        events.add(event(7, "c", "i1"));
        events.add(event(8, "c", "i4"));

        boolean[] last = PerchTrainer.lastItemEvents(events);

        assertThat(indicesOf(last)).containsExactly(3, 8);
    }

    @Test
    @DisplayName(
            "a run split by user trains the sequence model on all its events, holds nothing out by"
                    + " time, ranks at most one event per user and names the split in its version")
    void byUserTrainsOnEveryEventAndRanksLastItems() throws Exception {
        PlantedClickStream stream = PlantedClickStream.generate(11);
        TrainResult byUser =
                new PerchTrainer("cpu", line -> {})
                        .train(
                                stream.events(),
                                stream.items(),
                                Map.of(),
                                TrainSettings.SMALL,
                                SequenceSettings.SMALL,
                                SequenceSplit.LAST_ITEM,
                                out.resolve("by-user"));

        Map<String, Double> metrics = ModelArtifact.load(byUser.artifact().directory()).metrics();
        assertThat(metrics.get("train_events")).isEqualTo((double) stream.events().size());
        assertThat(metrics.get("sequence_train_events")).isEqualTo(metrics.get("train_events"));
        assertThat(metrics.get("holdout_events_total")).isZero();
        Set<String> users =
                stream.events().stream()
                        .map(e -> e.getUserId().toString())
                        .collect(Collectors.toSet());
        double perGroup = 1 + TrainSettings.SMALL.rankerNegatives();
        // a quarter of the users' last items are kept out of the ranker's training to choose the
        // ranker on, with the sequence model's own order among the contenders
        assertThat(metrics.get("holdout_events_evaluated")).isGreaterThan(0);
        assertThat(metrics.get("ranker_rows") / perGroup + metrics.get("holdout_events_evaluated"))
                .isLessThanOrEqualTo(users.size());
        assertThat(metrics)
                .containsKeys("ndcg@10_djl", "ndcg@10_weighted_sum", "ndcg@10_sequence_first");
        assertThat(metrics.get("ndcg@10_model"))
                .isEqualTo(
                        metrics.get("ndcg@10_" + byUser.artifact().rankerKind().replace('-', '_')));
        List<ClickEvent> sorted =
                stream.events().stream()
                        .sorted(Comparator.comparing(ClickEvent::getEventTime))
                        .toList();
        assertThat(byUser.artifact().version())
                .isNotEqualTo(
                        PerchTrainer.versionOf(
                                sorted, TrainSettings.SMALL, SequenceSettings.SMALL, false, 0));
    }

    @Test
    @DisplayName(
            "the users held out to choose the ranker are a quarter of those with a last item, drawn"
                    + " the same for the same seed")
    void checkedUsersAreAQuarterOfTheLastItems() {
        List<ClickEvent> events = new ArrayList<>();
        for (int user = 0; user < 2_000; user++) {
            events.add(event(3 * user, "u" + user, "i1"));
            events.add(event(3 * user + 1, "u" + user, "i2"));
            events.add(event(3 * user + 2, "u" + user, "i3"));
        }
        boolean[] last = PerchTrainer.lastItemEvents(events);

        boolean[] checked = PerchTrainer.checkedUsers(events, last, 42);

        List<Integer> checkedIndices = indicesOf(checked);
        assertThat(checkedIndices).allMatch(i -> last[i]);
        assertThat(checkedIndices.size() / 2_000.0)
                .isCloseTo(
                        PerchTrainer.RANKER_CHECK_SHARE, org.assertj.core.data.Offset.offset(0.03));
        assertThat(indicesOf(PerchTrainer.checkedUsers(events, last, 42)))
                .isEqualTo(checkedIndices);
        assertThat(indicesOf(PerchTrainer.checkedUsers(events, last, 7)))
                .isNotEqualTo(checkedIndices);
    }

    private static List<Integer> indicesOf(boolean[] marks) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < marks.length; i++) {
            if (marks[i]) {
                indices.add(i);
            }
        }
        return indices;
    }

    private static ClickEvent event(int minute, String user, String item) {
        return ClickEvent.newBuilder()
                .setEventId("e" + minute)
                .setUserId(user)
                .setItemId(item)
                .setSessionId("s-" + user)
                .setType(EventType.VIEW)
                .setEventTime(Instant.ofEpochSecond(60L * minute))
                .build();
    }
}
