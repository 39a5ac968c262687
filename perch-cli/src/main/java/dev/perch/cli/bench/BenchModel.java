package dev.perch.cli.bench;

import dev.perch.cli.local.JavaLauncher;
import dev.perch.cli.local.ServiceProcess;
import dev.perch.events.files.EventFileFormat;
import dev.perch.model.InvalidArtifactException;
import dev.perch.model.ModelArtifact;
import dev.perch.model.sequence.SequenceArtifact;
import dev.perch.model.sequence.SequenceSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Which model the bench's model server runs ({@code --model}): by default one trained at the
 * bench's start by the real trainer, with the SASRec+ sequence model, on the first events of the
 * bench's own file, which the bench then never sends; or an existing artifact; or none, the
 * built-in weighted-sum ranker. Training runs in a child JVM, so that PyTorch never enters the
 * bench's own process, whose CPU and memory the report measures.
 */
public sealed interface BenchModel {
    /** The {@code --model} value that keeps the built-in weighted-sum ranker. */
    String NONE = "none";

    /** Events at the top of the file the default model trains on. */
    long DEFAULT_TRAIN_EVENTS = 50_000;

    /** The sequence model's time budget by default, in minutes: the demo's. */
    double DEFAULT_TRAIN_MINUTES = SequenceSettings.DEMO.maxMinutes();

    /** Trained at the start on the first {@code trainEvents} valid events of the file. */
    record Trained(long trainEvents, double sequenceMinutes) implements BenchModel {
        public Trained {
            if (trainEvents < 1 || !(sequenceMinutes > 0)) {
                throw new IllegalArgumentException(
                        "--train-events must be >= 1 and --train-minutes > 0");
            }
        }

        @Override
        public long skippedEvents() {
            return trainEvents;
        }

        @Override
        public Prepared prepare(Path events, EventFileFormat format, Path data, PrintWriter console)
                throws IOException, InterruptedException {
            Path models = Files.createDirectories(data.resolve("models"));
            console.printf(
                    Locale.US,
                    "model: training on the first %,d events of the file (not sent), sequence model"
                            + " within %.2f min ...%n",
                    trainEvents,
                    sequenceMinutes);
            console.flush();
            long start = System.nanoTime();
            // trained beside the model directory, then moved in: what is there already stays
            Path staging = data.resolve("model-training");
            BenchFiles.deleteRecursively(staging);
            ServiceProcess training =
                    ServiceProcess.start(
                            "model training",
                            JavaLauncher.fromSystemProperties()
                                    .onOwnClassPath(
                                            "2g",
                                            BenchTraining.class.getName(),
                                            List.of(
                                                    events.toAbsolutePath().toString(),
                                                    format.cliName(),
                                                    Long.toString(trainEvents),
                                                    staging.toAbsolutePath().toString(),
                                                    Double.toString(sequenceMinutes))),
                            data.resolve("logs").resolve("model-training.log"));
            try {
                training.handle()
                        .onExit()
                        .get(Math.round(sequenceMinutes * 60) + 600, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                training.stop(Duration.ofSeconds(5));
                throw new IOException("model training did not finish:\n" + training.tail(20), e);
            }
            if (training.exitCode() != 0) {
                throw new IOException(
                        "model training exited with code "
                                + training.exitCode()
                                + ":\n"
                                + training.tail(20));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Path trainedDir = onlyArtifact(staging);
            Path served = models.resolve(trainedDir.getFileName().toString());
            BenchFiles.deleteRecursively(
                    served); // the same data and settings give the same version
            Files.move(trainedDir, served);
            BenchFiles.deleteRecursively(staging);
            ModelArtifact artifact = load(served);
            String sequence = sequenceOf(artifact);
            if (sequence == null) {
                throw new IOException(
                        "the trained model " + artifact.version() + " has no sequence model");
            }
            console.printf(
                    Locale.US,
                    "model: %s with sequence model %s trained in %.1f s (log %s)%n",
                    artifact.version(),
                    sequence,
                    seconds,
                    training.log());
            console.flush();
            return new Prepared(
                    BenchReport.Model.of(
                            "trained at the start on the first "
                                    + String.format(Locale.US, "%,d", trainEvents)
                                    + " events of the file (not sent)",
                            artifact,
                            sequence,
                            Math.round(seconds * 10) / 10.0,
                            trainEvents),
                    artifact.readEmbeddings());
        }
    }

    /** An artifact directory given on the command line. */
    record Existing(Path dir) implements BenchModel {
        @Override
        public Prepared prepare(Path events, EventFileFormat format, Path data, PrintWriter console)
                throws IOException {
            Path models = Files.createDirectories(data.resolve("models"));
            Path copy = models.resolve(dir.toAbsolutePath().getFileName().toString());
            BenchFiles.copy(dir, copy);
            ModelArtifact artifact = load(copy);
            return new Prepared(
                    BenchReport.Model.of("--model " + dir, artifact, sequenceOf(artifact), null, 0),
                    artifact.readEmbeddings());
        }
    }

    /** No model: the model server's built-in weighted-sum ranker. */
    record None() implements BenchModel {
        @Override
        public Prepared prepare(
                Path events, EventFileFormat format, Path data, PrintWriter console) {
            return new Prepared(BenchReport.Model.none(), Map.of());
        }
    }

    /** What the model server got, for the catalog and the report. */
    record Prepared(BenchReport.Model report, Map<String, float[]> embeddings) {}

    /**
     * The model of the command line: {@code option} is {@code --model} (null: train one), {@code
     * trainEvents} and {@code minutes} are {@code --train-events} and {@code --train-minutes}
     * (null: the defaults; given with another model, an error).
     *
     * @throws IllegalArgumentException when the options contradict each other
     */
    static BenchModel of(String option, Long trainEvents, Double minutes) {
        if (option == null) {
            return new Trained(
                    trainEvents == null ? DEFAULT_TRAIN_EVENTS : trainEvents,
                    minutes == null ? DEFAULT_TRAIN_MINUTES : minutes);
        }
        if (trainEvents != null || minutes != null) {
            throw new IllegalArgumentException(
                    "--train-events and --train-minutes go with the trained model (no --model)");
        }
        if (option.equals(NONE)) {
            return new None();
        }
        Path dir = Path.of(option);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    "--model: no directory at " + dir + " (or 'none' for no model)");
        }
        return new Existing(dir);
    }

    /** Valid events at the top of the file the bench must not send: the training events. */
    default long skippedEvents() {
        return 0;
    }

    /**
     * Puts the model into {@code models}, the directory the model server watches: trains it (in a
     * child JVM, logging to {@code logs/model-training.log}), copies it, or does nothing.
     *
     * @throws IOException when training fails or the artifact is not a servable model
     */
    Prepared prepare(Path events, EventFileFormat format, Path data, PrintWriter console)
            throws IOException, InterruptedException;

    private static ModelArtifact load(Path dir) throws IOException {
        try {
            return ModelArtifact.load(dir);
        } catch (InvalidArtifactException e) {
            throw new IOException(
                    "not a servable model artifact: " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The version of the artifact's sequence model, or null without one. */
    private static String sequenceOf(ModelArtifact artifact) throws IOException {
        try {
            Optional<SequenceArtifact> sequence = artifact.sequence();
            return sequence.map(SequenceArtifact::version).orElse(null);
        } catch (InvalidArtifactException e) {
            throw new IOException(
                    "model "
                            + artifact.version()
                            + ": unreadable sequence model: "
                            + e.getMessage(),
                    e);
        }
    }

    private static Path onlyArtifact(Path dir) throws IOException {
        try (Stream<Path> dirs = Files.list(dir)) {
            List<Path> found = dirs.filter(Files::isDirectory).toList();
            if (found.size() != 1) {
                throw new IOException(
                        "expected the one trained artifact in " + dir + ", found " + found);
            }
            return found.get(0);
        }
    }
}
