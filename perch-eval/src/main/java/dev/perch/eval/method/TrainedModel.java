package dev.perch.eval.method;

import dev.perch.core.recommend.CandidateScorer;
import dev.perch.core.sequence.SequenceModel;
import dev.perch.eval.data.Interaction;
import dev.perch.events.ClickEvent;
import dev.perch.model.ArtifactRanker;
import dev.perch.model.InvalidArtifactException;
import dev.perch.model.ModelArtifact;
import dev.perch.model.sequence.DjlSequenceModel;
import dev.perch.model.sequence.SequenceArtifact;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.train.PerchTrainer;
import dev.perch.model.train.SequenceSplit;
import dev.perch.model.train.TrainResult;
import dev.perch.model.train.TrainSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Perch model trained by perch-model's {@link PerchTrainer} on a protocol's training events only,
 * loaded back as the ranker it chose ({@link ArtifactRanker}) plus its item embeddings for the
 * Perch pipeline.
 *
 * @param scorer the ranker the trainer chose on its hold-out
 * @param embeddings the trained item embeddings
 * @param version the artifact version
 * @param sequence the sequence model trained with the ranker, or null
 */
public record TrainedModel(
        CandidateScorer scorer,
        Map<String, float[]> embeddings,
        String version,
        SequenceModel sequence)
        implements AutoCloseable {

    /**
     * Settings: perch-model's defaults with the seed given, capped to stay in minutes on 2 cores.
     */
    public static TrainSettings settings(long seed) {
        return TrainSettings.DEFAULTS
                .withSeed(seed)
                .withProgress(false)
                .withCaps(200_000, 20_000, 2_000);
    }

    /** Trains on {@code training} (time order) into {@code dir} and loads the result (CPU). */
    public static TrainedModel train(
            List<Interaction> training, Path dir, long seed, Consumer<String> log)
            throws IOException {
        return train(training, Map.of(), dir, seed, null, log);
    }

    /**
     * Trains on {@code training} (time order) with the catalog's {@code text} embeddings (empty:
     * none), with a sequence model when {@code sequence} is not null ({@code bin/perch train
     * --sequence}), into {@code dir} and loads the result (CPU).
     */
    public static TrainedModel train(
            List<Interaction> training,
            Map<String, float[]> text,
            Path dir,
            long seed,
            SequenceSettings sequence,
            Consumer<String> log)
            throws IOException {
        return train(training, text, dir, seed, sequence, SequenceSplit.TIME, log);
    }

    /**
     * The same, with the training events shared between the sequence model and the ranker by {@code
     * split}.
     */
    public static TrainedModel train(
            List<Interaction> training,
            Map<String, float[]> text,
            Path dir,
            long seed,
            SequenceSettings sequence,
            SequenceSplit split,
            Consumer<String> log)
            throws IOException {
        List<ClickEvent> events = training.stream().map(Interaction::toClickEvent).toList();
        TrainResult result =
                new PerchTrainer("cpu", log)
                        .train(events, List.of(), text, settings(seed), sequence, split, dir);
        ModelArtifact artifact = result.artifact();
        try {
            Optional<SequenceArtifact> sequenceArtifact = artifact.sequence();
            SequenceModel sequenceModel =
                    sequenceArtifact.isPresent()
                            ? DjlSequenceModel.load(sequenceArtifact.get(), "cpu")
                            : null;
            return new TrainedModel(
                    ArtifactRanker.load(artifact, "cpu"),
                    artifact.readEmbeddings(),
                    artifact.version(),
                    sequenceModel);
        } catch (InvalidArtifactException e) {
            throw new IOException("the trained model does not load: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (sequence != null) {
            sequence.close();
        }
        ArtifactRanker.close(scorer);
    }
}
