package dev.perch.eval;

import dev.perch.eval.method.Methods;
import dev.perch.eval.method.PerchOptions;
import dev.perch.eval.protocol.SessionHc;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.train.SequenceSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code perch eval}: replays a real click-stream in event-time order through Perch's decision
 * logic and the baselines under one published protocol, and writes the report.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description =
                "Replay a click-stream through Perch and the baselines under an evaluation"
                        + " protocol; writes report.json, report.md and a HR@10 timeline PNG.")
public final class EvalCommand implements Callable<Integer> {
    @Option(
            names = "--dataset",
            required = true,
            description =
                    "movielens-1m, movielens-100k, yoochoose-sample, yoochoose, diginetica or"
                            + " retailrocket")
    String dataset;

    @Option(
            names = "--events",
            required = true,
            description = "The dataset's file or directory (ADER periods: the directory).")
    Path events;

    @Option(
            names = "--protocol",
            required = true,
            description =
                    "leave-one-out, prequential, continual, session-hc, session-window or search"
                            + " (needs --item-text)")
    String protocol;

    @Option(
            names = "--out",
            required = true,
            description = "Report directory (rows of other protocol/dataset pairs are kept).")
    Path out;

    @Option(
            names = "--methods",
            split = ",",
            description =
                    "Methods, comma-separated (default: all that apply): most-popular,"
                        + " recent-popular, session-popular, markov, sequential-rules,"
                        + " item-knn-covisit, v-sknn, bpr-mf, perch, perch-frozen, perch-content"
                        + " (needs --item-text), sasrec (the sequence model alone; needs --model"
                        + " sequence)")
    List<String> methods;

    @Option(
            names = "--sample",
            defaultValue = "1.0",
            description = "Share of users/sessions tested, same for every method (default 1.0).")
    double sample;

    @Option(
            names = "--warm-up",
            defaultValue = "0.5",
            description = "Prequential: share of the timeline used for training only (0.5).")
    double warmUp;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (42).")
    long seed;

    @Option(
            names = "--split-time",
            defaultValue = "" + SessionHc.SPLIT_MILLIS,
            description = "session-hc: the split time t in epoch ms (${DEFAULT-VALUE}).")
    long splitMillis;

    @Option(
            names = "--min-item-count",
            defaultValue = "0",
            description =
                    "leave-one-out: first drop items with fewer events (SASRec's MovieLens-1M"
                            + " preprocessing: 5). Default 0: keep all.")
    int minItemCount;

    @Option(
            names = "--model",
            defaultValue = "none",
            description =
                    "Perch's scorer: none (WeightedSumScorer.DEFAULT, no embeddings), train"
                            + " (perch-model's PerchTrainer on the protocol's training events"
                            + " only, then its DJL ranker and embeddings) or sequence (the same"
                            + " with a SASRec+ sequence model, as bin/perch train --sequence)."
                            + " Default none.")
    String model;

    @Option(
            names = "--item-text",
            description =
                    "The catalog text (MovieLens movies.dat or ml-100k.item): enables the"
                            + " perch-content method (content source and text-similarity feature)"
                            + " and the search protocol.")
    Path itemText;

    @Option(
            names = "--sequence-minutes",
            defaultValue = "85",
            description =
                    "Wall-time budget of the sequence model's training with --model sequence"
                            + " (default: ${DEFAULT-VALUE}).")
    double sequenceMinutes;

    @Option(
            names = "--sequence-split",
            defaultValue = "time",
            converter = SplitConverter.class,
            description =
                    "How --model sequence shares the training events between the sequence model"
                            + " and the ranker: time (the sequence model on the earlier 80%%, the"
                            + " ranker on the later part's next items) or last-item (the sequence"
                            + " model on every user's events but the last, the ranker on those last"
                            + " items: leave-one-out's shape). Default: ${DEFAULT-VALUE}.")
    SequenceSplit sequenceSplit;

    @Option(
            names = "--sequence-batching",
            converter = BatchingConverter.class,
            description =
                    "How --model sequence cuts each epoch into batches: shuffled (users shuffled"
                            + " and cut in order, as the SASRec+ reference code does) or by-length"
                            + " (users grouped by length, each batch weighted by its positions)."
                            + " Default: the sequence model's default.")
    SequenceSettings.Batching sequenceBatching;

    @Option(
            names = "--perch",
            description =
                    "Settings of the Perch variants, key=value,... (chosen on validation data):"
                            + " anchor-decay, follow-anchors, followers, session-items,"
                            + " recent-anchors, neighbors, transition-steps,"
                            + " transition-gap-minutes, w.<feature> (a weight of the no-model"
                            + " scorer). Default: perch-core's defaults.")
    String perch;

    @Option(
            names = "--validation",
            description =
                    "Tune mode: run the protocol on validation data carved from its training part"
                            + " (prequential: the last 20%% of the warm-up, test-then-learn;"
                            + " continual: period 0 cut into 5 sub-periods; leave-one-out: each"
                            + " user's last item removed, the second-to-last the target), never on"
                            + " the test"
                            + " targets; the dataset name gets '(validation)'.")
    boolean validation;

    @Option(
            names = "--all-new-items",
            description =
                    "Prequential with --sample: also score every other user's targets whose item"
                            + " is new (fewer than 5 earlier interactions), in scope new-item"
                            + " only, so a sampled run measures cold start on all its targets.")
    boolean allNewItems;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        new EvalRunner(System.err).withItemText(itemText).run(settings());
        return 0;
    }

    /**
     * The run's settings, checked before anything is read: a wrong name, share or path is a usage
     * error (exit 2) at once, not a failure after the data was loaded and the models trained.
     */
    private EvalSettings settings() {
        if (!Files.exists(events)) {
            throw new ParameterException(
                    spec.commandLine(), "--events: no file or directory at " + events);
        }
        if (itemText != null && !Files.isReadable(itemText)) {
            throw new ParameterException(
                    spec.commandLine(), "--item-text: no readable file at " + itemText);
        }
        boolean needsText =
                protocol.equals("search") || (methods != null && methods.contains("perch-content"));
        if (needsText && itemText == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "the search protocol and the perch-content method need --item-text");
        }
        List<String> chosen =
                methods != null
                        ? methods
                        : defaultMethods(protocol).stream()
                                .filter(m -> itemText != null || !m.equals("perch-content"))
                                .filter(m -> model.equals("sequence") || !m.equals("sasrec"))
                                .toList();
        try {
            return new EvalSettings(
                    dataset,
                    events,
                    protocol,
                    out,
                    chosen,
                    sample,
                    warmUp,
                    seed,
                    splitMillis,
                    minItemCount,
                    model,
                    !noProgress,
                    PerchOptions.parse(perch),
                    validation,
                    sequenceMinutes,
                    sequenceSplit,
                    sequenceBatching == null
                            ? SequenceSettings.DEFAULTS.batching()
                            : sequenceBatching,
                    allNewItems);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /**
     * Every method, except BPR-MF where users are anonymous sessions (continual and the session
     * protocols): a session has no user factors to learn.
     */
    public static List<String> defaultMethods(String protocol) {
        if (protocol.equals("leave-one-out") || protocol.equals("prequential")) {
            return Methods.ALL;
        }
        return Methods.ALL.stream().filter(m -> !m.equals("bpr-mf")).toList();
    }

    /** Reads {@code time} or {@code last-item}. */
    static final class SplitConverter implements picocli.CommandLine.ITypeConverter<SequenceSplit> {
        @Override
        public SequenceSplit convert(String value) {
            return switch (value) {
                case "time" -> SequenceSplit.TIME;
                case "last-item" -> SequenceSplit.LAST_ITEM;
                default ->
                        throw new picocli.CommandLine.TypeConversionException(
                                "expected time or last-item, got '" + value + "'");
            };
        }
    }

    static final class BatchingConverter
            implements picocli.CommandLine.ITypeConverter<SequenceSettings.Batching> {
        @Override
        public SequenceSettings.Batching convert(String value) {
            return switch (value) {
                case "shuffled" -> SequenceSettings.Batching.SHUFFLED;
                case "by-length" -> SequenceSettings.Batching.BY_LENGTH;
                default ->
                        throw new picocli.CommandLine.TypeConversionException(
                                "expected shuffled or by-length, got '" + value + "'");
            };
        }
    }

    /** Runs the command standalone (the CLI registers it as a subcommand). */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new EvalCommand()).execute(args));
    }
}
