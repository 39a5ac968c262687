package dev.perch.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ClickEvent;
import dev.perch.events.files.EventFileFormat;
import dev.perch.model.ModelArtifact;
import dev.perch.model.testing.PlantedClickStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model the bench puts in its model server's directory before anything starts. */
class BenchModelTest {
    private static final int TRAIN_EVENTS = 4_000;

    @TempDir Path dir;

    @Test
    @DisplayName(
            "the default model is trained in a child JVM by the real trainer on the file's first"
                    + " events only, carries a sequence model, lands in the model server's"
                    + " directory and is recorded in the report with its training time")
    void trainsTheDefaultModel() throws Exception {
        Path events = plantedFile();
        Path data = dir.resolve("data");
        StringWriter console = new StringWriter();

        BenchModel.Prepared prepared =
                new BenchModel.Trained(TRAIN_EVENTS, 0.5)
                        .prepare(
                                events,
                                EventFileFormat.ADER_PERIODS,
                                data,
                                new PrintWriter(console));

        BenchReport.Model report = prepared.report();
        assertThat(report.version()).as(console.toString()).isNotNull();
        assertThat(report.sequenceModel()).isTrue();
        assertThat(report.sequenceVersion()).isNotBlank();
        assertThat(report.trainingSeconds()).isPositive();
        assertThat(report.trainEvents()).isEqualTo(TRAIN_EVENTS);
        assertThat(report.describe()).contains("with sequence model " + report.sequenceVersion());

        ModelArtifact artifact =
                ModelArtifact.load(data.resolve("models").resolve(report.version()));
        assertThat(artifact.sequence()).isPresent();
        // the kind the trainer's hold-out check shipped, whichever it was on this data
        assertThat(report.ranker()).isEqualTo(artifact.rankerKind());
        assertThat(report.describe()).contains("(ranker " + artifact.rankerKind() + ")");
        assertThat(
                        artifact.metrics().get("train_events")
                                + artifact.metrics().get("holdout_events_total"))
                .as("the trainer saw the first %d events and no later one", TRAIN_EVENTS)
                .isEqualTo(TRAIN_EVENTS);
        assertThat(prepared.embeddings()).isNotEmpty();
        assertThat(Files.readString(data.resolve("logs/model-training.log")))
                .contains("trained " + report.version());
    }

    @Test
    @DisplayName("--model none puts nothing in the model directory and reports no model")
    void noModel() throws Exception {
        BenchModel.Prepared prepared =
                new BenchModel.None()
                        .prepare(
                                plantedFile(),
                                EventFileFormat.ADER_PERIODS,
                                dir.resolve("data"),
                                new PrintWriter(new StringWriter()));
        assertThat(prepared.report().version()).isNull();
        assertThat(prepared.report().sequenceModel()).isFalse();
        assertThat(prepared.embeddings()).isEmpty();
        assertThat(dir.resolve("data/models")).doesNotExist();
    }

    /** A planted stream (4,800 events) as an ADER periods file: one "user item" line each. */
    private Path plantedFile() throws Exception {
        List<ClickEvent> events =
                PlantedClickStream.generate(5).events().stream()
                        .sorted(Comparator.comparing(ClickEvent::getEventTime))
                        .toList();
        assertThat(events).hasSizeGreaterThan(TRAIN_EVENTS);
        String lines =
                events.stream()
                        .map(e -> e.getUserId() + " " + e.getItemId())
                        .collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(dir.resolve("events.txt"), lines);
    }
}
