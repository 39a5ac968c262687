package dev.perch.model.sequence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * From users' item-id sequences to a sequence-model artifact: numbers the items (in order of first
 * appearance, so the same data gives the same indices), trains with {@link SequenceTrainer} and
 * writes a {@link SequenceArtifact} that records the digest of the data it saw. The entry point of
 * {@code bin/perch train --sequence} and of the evaluator.
 */
public final class SequenceTraining {
    private SequenceTraining() {}

    /**
     * Trains on {@code sequences} (one per user, oldest first; each user's last item is the
     * validation target) and writes the artifact into {@code dir}.
     */
    public static SequenceArtifact train(
            List<List<String>> sequences,
            SequenceSettings settings,
            Path dir,
            String device,
            Consumer<String> log)
            throws IOException {
        Map<String, Integer> indices = new LinkedHashMap<>();
        List<int[]> rows = new ArrayList<>(sequences.size());
        long events = 0;
        for (List<String> sequence : sequences) {
            int[] row = new int[sequence.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = indices.computeIfAbsent(sequence.get(i), id -> indices.size() + 1);
            }
            rows.add(row);
            events += row.length;
        }
        log.accept(
                String.format(
                        "sequence model: %d users, %d items, %d events; %s",
                        rows.size(), indices.size(), events, settings));
        SequenceTrainer.Result result =
                new SequenceTrainer(device, log).train(rows, indices.size(), settings);
        SequenceArtifact artifact =
                SequenceArtifact.write(
                        dir,
                        new ArrayList<>(indices.keySet()),
                        result,
                        settings,
                        SequenceArtifact.digestOf(sequences));
        log.accept(
                String.format(
                        "sequence model %s: best epoch %d of %d, validation hr@10 %.4f ndcg@10"
                                + " %.4f, %.0f s; written to %s",
                        artifact.version(),
                        result.bestEpoch(),
                        result.losses().size(),
                        result.best().hr10(),
                        result.best().ndcg10(),
                        result.seconds(),
                        dir));
        return artifact;
    }
}
