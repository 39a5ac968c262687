package dev.perch.eval;

import dev.perch.eval.method.Methods;
import dev.perch.eval.method.PerchOptions;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.train.SequenceSplit;
import java.nio.file.Path;
import java.util.List;

/**
 * One evaluation run as parsed from the command line.
 *
 * @param dataset the dataset name (movielens-1m, movielens-100k, yoochoose-sample, yoochoose,
 *     diginetica, retailrocket)
 * @param events the file or directory holding it
 * @param protocol leave-one-out, prequential, continual, session-hc or session-window
 * @param out the report directory
 * @param methods the methods to run, in report order
 * @param sampleShare the share of users or sessions tested (1 = all), same sample for every method
 * @param warmUp the prequential warm-up share of the timeline
 * @param seed seed of BPR, the negatives and the sample
 * @param splitMillis the session-hc split time t
 * @param minItemCount leave-one-out: drop items with fewer events first (SASRec: 5)
 * @param model "none" (Perch ranks with WeightedSumScorer.DEFAULT), "train" (PerchTrainer on the
 *     protocol's training events, then the DJL ranker and the embeddings) or "sequence" (the same
 *     with a SASRec+ sequence model trained with them, served as a candidate source and features)
 * @param progress whether to draw progress bars
 * @param perch the Perch variants' pipeline settings ({@code --perch})
 * @param validation tune mode: the protocol runs on validation data carved from its own training
 *     part, never on its test targets (see docs/evaluation)
 * @param sequenceMinutes the wall-time budget of the sequence model's training ({@code --model
 *     sequence})
 * @param sequenceSplit how the training events are shared between the sequence model and the ranker
 *     ({@code --sequence-split})
 * @param sequenceBatching how the sequence model's epochs are cut into batches ({@code
 *     --sequence-batching})
 * @param allNewItems prequential: every new-item target of the test part is scored in scope
 *     "new-item", whether or not its user is in the sample ({@code --all-new-items})
 */
public record EvalSettings(
        String dataset,
        Path events,
        String protocol,
        Path out,
        List<String> methods,
        double sampleShare,
        double warmUp,
        long seed,
        long splitMillis,
        int minItemCount,
        String model,
        boolean progress,
        PerchOptions perch,
        boolean validation,
        double sequenceMinutes,
        SequenceSplit sequenceSplit,
        SequenceSettings.Batching sequenceBatching,
        boolean allNewItems) {

    /** The values of {@code --model}. */
    public static final List<String> MODELS = List.of("none", "train", "sequence");

    /**
     * Checks every setting before anything is loaded or trained, so a typo is refused at once
     * instead of after hours of replay (an unknown method was met only at its turn, an unknown
     * model ran the no-model scorer under Perch's name).
     *
     * @throws IllegalArgumentException naming the setting, the value and what it may be
     */
    public EvalSettings {
        oneOf("dataset", dataset, EvalRunner.DATASETS);
        oneOf("protocol", protocol, EvalRunner.PROTOCOLS);
        oneOf("model", model, MODELS);
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("no method to run");
        }
        for (String method : methods) {
            oneOf("method", method, Methods.ALL);
        }
        if (methods.contains("sasrec") && !model.equals("sequence")) {
            throw new IllegalArgumentException(
                    "sasrec is the trained sequence model alone: pass --model sequence");
        }
        if (!(sampleShare > 0 && sampleShare <= 1)) {
            throw new IllegalArgumentException(
                    "the sample share must be in (0, 1], got " + sampleShare);
        }
        if (!(warmUp > 0 && warmUp < 1)) {
            throw new IllegalArgumentException(
                    "the warm-up share must be in (0, 1), got " + warmUp);
        }
        if (minItemCount < 0) {
            throw new IllegalArgumentException(
                    "the minimum item count must be >= 0, got " + minItemCount);
        }
        if (!(sequenceMinutes > 0) || Double.isInfinite(sequenceMinutes)) {
            throw new IllegalArgumentException(
                    "the sequence model's minutes must be > 0, got " + sequenceMinutes);
        }
        methods = List.copyOf(methods);
    }

    private static void oneOf(String what, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(
                    "unknown " + what + " '" + value + "'; expected one of " + allowed);
        }
    }

    /** The sequence model's default budget: 85 minutes, so MovieLens-1M trains in 90. */
    public static final double SEQUENCE_MINUTES = 85;

    /** Whether the Perch model is trained ("train" or "sequence"). */
    public boolean trainsModel() {
        return model.equals("train") || model.equals("sequence");
    }

    /** A run with the default Perch settings, on the protocol's test targets. */
    public EvalSettings(
            String dataset,
            Path events,
            String protocol,
            Path out,
            List<String> methods,
            double sampleShare,
            double warmUp,
            long seed,
            long splitMillis,
            int minItemCount,
            String model,
            boolean progress) {
        this(
                dataset,
                events,
                protocol,
                out,
                methods,
                sampleShare,
                warmUp,
                seed,
                splitMillis,
                minItemCount,
                model,
                progress,
                PerchOptions.DEFAULTS,
                false,
                SEQUENCE_MINUTES,
                SequenceSplit.TIME,
                SequenceSettings.DEFAULTS.batching(),
                false);
    }
}
