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
        assertThat(metrics.get("ranker_rows") / perGroup)
                .isGreaterThan(0)
                .isLessThanOrEqualTo(users.size());
        List<ClickEvent> sorted =
                stream.events().stream()
                        .sorted(Comparator.comparing(ClickEvent::getEventTime))
                        .toList();
        assertThat(byUser.artifact().version())
                .isNotEqualTo(
                        PerchTrainer.versionOf(
                                sorted, TrainSettings.SMALL, SequenceSettings.SMALL, false, 0));
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
