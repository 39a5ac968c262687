package dev.perch.cli.local;

import dev.perch.demo.DemoCatalog;
import dev.perch.demo.ShopperSimulation;
import dev.perch.events.ClickEvent;
import dev.perch.events.Item;
import dev.perch.model.InvalidArtifactException;
import dev.perch.model.ModelArtifact;
import dev.perch.model.sequence.SequenceArtifact;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.train.PerchTrainer;
import dev.perch.model.train.TrainResult;
import dev.perch.model.train.TrainSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The demo's model: on the first start, a month of simulated shopping (the same simulator that then
 * drives the live demo, another seed) trains a small model with the real trainer, the SASRec+
 * sequence model included ({@link SequenceSettings#DEMO}), written to the model directory the model
 * server watches, which serves the sequence model as a candidate source and ranking feature; later
 * starts reuse the newest artifact there whose sequence model this build can read (one written by
 * an older build's format is passed over, and a new one trained).
 */
public final class DemoModel {
    private static final int HISTORY_EVENTS = 40_000;
    private static final long HISTORY_SEED = 2026;

    private DemoModel() {}

    /** The newest valid artifact in {@code models}, training one first when there is none. */
    public static ModelArtifact ensure(Path models, PrintWriter out) throws IOException {
        Optional<Servable> existing = newest(models);
        if (existing.isPresent()) {
            out.printf(
                    "demo model: using %s %s%n",
                    existing.get().artifact().version(), describe(existing.get().sequence()));
            out.flush();
            return existing.get().artifact();
        }
        out.printf(
                Locale.US,
                "demo model: training on %,d simulated events (first start only) ...%n",
                HISTORY_EVENTS);
        out.flush();
        List<Item> catalog = DemoCatalog.items(Instant.EPOCH);
        ShopperSimulation simulation = new ShopperSimulation(catalog, 300, HISTORY_SEED);
        Instant start = Instant.now().minus(Duration.ofDays(30));
        long step = Duration.ofDays(30).toMillis() / HISTORY_EVENTS;
        List<ClickEvent> history = new ArrayList<>(HISTORY_EVENTS);
        for (int i = 0; i < HISTORY_EVENTS; i++) {
            history.add(simulation.next(start.plusMillis(i * step)));
        }
        long began = System.nanoTime();
        TrainResult result =
                new PerchTrainer("cpu", line -> {})
                        .train(
                                history,
                                catalog,
                                TrainSettings.SMALL.withProgress(false),
                                SequenceSettings.DEMO,
                                models);
        out.printf(
                Locale.US,
                "demo model: %s %s trained in %.1f s (%s)%n",
                result.artifact().version(),
                sequenceOf(result.artifact()),
                (System.nanoTime() - began) / 1e9,
                result.artifact().metrics());
        out.flush();
        return result.artifact();
    }

    /** Says whether {@code artifact} carries a sequence model, and which. */
    private static String sequenceOf(ModelArtifact artifact) {
        try {
            return describe(artifact.sequence());
        } catch (InvalidArtifactException e) {
            return "with an unreadable sequence model (" + e.getMessage() + ")";
        }
    }

    private static String describe(Optional<SequenceArtifact> sequence) {
        return sequence.map(s -> "with sequence model " + s.version())
                .orElse("without a sequence model");
    }

    /** An artifact whose sequence model (if any) this build has read, read once. */
    private record Servable(ModelArtifact artifact, Optional<SequenceArtifact> sequence) {}

    private static Optional<Servable> newest(Path models) throws IOException {
        if (!Files.isDirectory(models)) {
            return Optional.empty();
        }
        List<Path> dirs;
        try (Stream<Path> list = Files.list(models)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        for (int i = dirs.size() - 1; i >= 0; i--) {
            try {
                ModelArtifact artifact = ModelArtifact.load(dirs.get(i));
                return Optional.of(new Servable(artifact, artifact.sequence()));
            } catch (InvalidArtifactException notAModel) {
                // a half-written or foreign directory, or a sequence model of an older format
                // (SequenceArtifact.FORMAT) that this build cannot serve: look further
            }
        }
        return Optional.empty();
    }
}
