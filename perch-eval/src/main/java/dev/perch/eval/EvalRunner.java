package dev.perch.eval;

import dev.perch.eval.data.Datasets;
import dev.perch.eval.data.Interaction;
import dev.perch.eval.method.Method;
import dev.perch.eval.method.Methods;
import dev.perch.eval.method.PerchPipeline;
import dev.perch.eval.method.TextCatalog;
import dev.perch.eval.method.TrainedModel;
import dev.perch.eval.metrics.RankingMetrics;
import dev.perch.eval.metrics.Timeline;
import dev.perch.eval.protocol.Continual;
import dev.perch.eval.protocol.LeaveOneOut;
import dev.perch.eval.protocol.MethodRun;
import dev.perch.eval.protocol.Prequential;
import dev.perch.eval.protocol.SearchEvaluation;
import dev.perch.eval.protocol.SessionEvaluation;
import dev.perch.eval.protocol.SessionHc;
import dev.perch.eval.protocol.SessionSplit;
import dev.perch.eval.protocol.SessionWindow;
import dev.perch.eval.report.ReportWriter;
import dev.perch.eval.report.ResultRow;
import dev.perch.eval.report.TimelineChart;
import dev.perch.events.files.EventFileFormat;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.text.SentenceEncoder;
import dev.perch.model.train.SequenceSplit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Runs one protocol on one dataset for every requested method, writes report.json, report.md and
 * the HR@10 timeline PNG into the output directory, and returns the rows.
 */
public final class EvalRunner {
    /** Protocol names. */
    public static final List<String> PROTOCOLS =
            List.of(
                    "leave-one-out",
                    "prequential",
                    "continual",
                    "session-hc",
                    "session-window",
                    "search");

    /** Dataset names. */
    public static final List<String> DATASETS =
            List.of(
                    "movielens-1m",
                    "movielens-100k",
                    "yoochoose-sample",
                    "yoochoose",
                    "diginetica",
                    "retailrocket");

    private final PrintStream log;

    private Path itemText;
    private TextCatalog textCatalog;
    private SentenceEncoder encoder;

    public EvalRunner(PrintStream log) {
        this.log = log;
    }

    /**
     * The catalog text of the dataset (MovieLens {@code movies.dat} or {@code ml-100k.item}): the
     * {@code perch-content} method and the {@code search} protocol need it; null: none.
     */
    public EvalRunner withItemText(Path file) {
        this.itemText = file;
        return this;
    }

    /** Reads and encodes the catalog text once, with the model server's sentence encoder. */
    private TextCatalog textCatalog() throws IOException {
        if (textCatalog == null && itemText != null) {
            encoder = SentenceEncoder.load();
            textCatalog =
                    TextCatalog.read(itemText, encoder, SentenceEncoder.VERSION, log::println);
        }
        return textCatalog;
    }

    /** Runs {@code s} and writes the report. */
    public List<ResultRow> run(EvalSettings s) throws IOException {
        Predicate<String> sample = UserSample.of(s.sampleShare(), s.seed());
        String note = s.sampleShare() >= 1 ? "" : "sample of " + s.sampleShare() + " of users";
        List<ResultRow> rows = new ArrayList<>();
        Map<String, Timeline> timelines = new LinkedHashMap<>();
        String xTitle = "test events (buckets, time order)";
        switch (s.protocol()) {
            case "leave-one-out" -> {
                List<Interaction> events =
                        LeaveOneOut.withItemSupport(loadEvents(s), s.minItemCount());
                if (s.validation()) {
                    events = Validation.leaveOneOutTrainingPart(events);
                    log.printf(
                            "validation: each user's last item removed (never seen); the"
                                    + " second-to-last is the target%n");
                }
                LeaveOneOut split = new LeaveOneOut(events);
                log.printf(
                        "leave-one-out: %d training events, %d users, %d items%n",
                        split.training().size(), split.targets().size(), split.items().size());
                trainModel(s, split.training());
                for (String name : s.methods()) {
                    MethodRun run = split.run(create(name, s), sample, s.seed());
                    report(
                            run,
                            s,
                            rows,
                            note,
                            s.minItemCount() > 1
                                    ? "items with fewer than "
                                            + s.minItemCount()
                                            + " events dropped"
                                    : "all items");
                    print(rows);
                }
            }
            case "prequential" -> {
                List<Interaction> events = loadEvents(s);
                double warmUp = s.warmUp();
                if (s.validation()) {
                    events = Validation.prequentialTrainingPart(events, s.warmUp());
                    warmUp = Validation.WARM_UP;
                    log.printf(
                            "validation: the %d events of the training part, the last %.0f%%"
                                    + " of them as targets%n",
                            events.size(), 100 * (1 - warmUp));
                }
                boolean excludeSeen = s.dataset().startsWith("movielens");
                Prequential protocol = new Prequential(events, warmUp, excludeSeen, 50);
                long targets = protocol.targets(sample, s.allNewItems());
                log.printf(
                        "prequential: %d events, warm-up %.2f, %d targets per method%s%n",
                        events.size(),
                        warmUp,
                        targets,
                        s.allNewItems() ? " (the sample's, and every new-item target)" : "");
                trainModel(s, events.subList(0, protocol.firstTarget()));
                for (String name : s.methods()) {
                    MethodRun run;
                    try (ProgressBar bar = bar(s, name, targets)) {
                        run =
                                protocol.run(
                                        create(name, s), sample, s.allNewItems(), () -> step(bar));
                    }
                    report(run, s, rows, note, excludeSeen ? "seen items excluded" : "");
                    print(rows);
                    timelines.put(name, run.timeline());
                }
            }
            case "continual" -> {
                long[] rejected = new long[1];
                List<List<Interaction>> periods = Datasets.aderPeriods(s.events(), rejected);
                log.printf("loaded %d periods (%d lines rejected)%n", periods.size(), rejected[0]);
                if (periods.stream().allMatch(List::isEmpty)) {
                    throw new IllegalArgumentException(noEvents(s, rejected[0]));
                }
                if (s.validation()) {
                    periods = Validation.continualTrainingPart(periods);
                    log.printf("validation: period 0 cut into %d sub-periods%n", periods.size());
                }
                Continual protocol = new Continual(periods);
                long targets = protocol.targets(sample);
                log.printf(
                        "continual: %d periods, %d events, %d targets per method%n",
                        periods.size(), periods.stream().mapToLong(List::size).sum(), targets);
                xTitle = "period";
                trainModel(s, periods.get(0));
                for (String name : s.methods()) {
                    MethodRun run;
                    try (ProgressBar bar = bar(s, name, targets)) {
                        run = protocol.run(create(name, s), sample, () -> step(bar));
                    }
                    report(run, s, rows, note, "");
                    rows.add(average(run, s, note));
                    print(rows);
                    timelines.put(name, run.timeline());
                }
            }
            case "session-hc" -> {
                SessionSplit split = SessionHc.split(loadEvents(s), s.splitMillis());
                log.printf(
                        "session-hc: %d training events, %d test sessions, %d targets%n",
                        split.training().size(), split.test().size(), split.targets());
                trainModel(s, split.training());
                for (String name : s.methods()) {
                    MethodRun run = new MethodRun(name);
                    long started = System.nanoTime();
                    SessionEvaluation.run(create(name, s), split, run, "all");
                    run.seconds((System.nanoTime() - started) / 1e9);
                    report(run, s, rows, note, "ties: strict list order, broken by item id");
                    print(rows);
                    timelines.put(name, run.timeline());
                }
            }
            case "session-window" -> {
                List<SessionSplit> windows = SessionWindow.windows(loadEvents(s));
                Map<String, MethodRun> runs = new LinkedHashMap<>();
                for (String name : s.methods()) {
                    runs.put(name, new MethodRun(name));
                }
                for (int w = 0; w < windows.size(); w++) {
                    trainModel(s, windows.get(w).training());
                    for (String name : s.methods()) {
                        MethodRun run = runs.get(name);
                        long started = System.nanoTime();
                        SessionEvaluation.run(create(name, s), windows.get(w), run, "window " + w);
                        run.seconds(run.seconds() + (System.nanoTime() - started) / 1e9);
                    }
                }
                for (MethodRun run : runs.values()) {
                    report(run, s, rows, note, "");
                    rows.add(average(run, s, note));
                    print(rows);
                }
            }
            case "search" -> {
                TextCatalog text = textCatalog();
                if (text == null) {
                    throw new IllegalArgumentException("the search protocol needs --item-text");
                }
                List<Interaction> events = loadEvents(s);
                int stride = Math.max(1, (int) ((events.size() * (1 - s.warmUp())) / 2000));
                log.printf(
                        "search: %d events, warm-up %.2f, one genre query every %d test events%n",
                        events.size(), s.warmUp(), stride);
                PerchPipeline perch = (PerchPipeline) create("perch-content", s);
                for (MethodRun run :
                        new SearchEvaluation(events, text, encoder, s.warmUp(), stride)
                                .run(perch, sample)) {
                    report(run, s, rows, note, "query: the genre of the next item; seen excluded");
                    print(rows);
                }
            }
            default ->
                    throw new IllegalArgumentException(
                            "unknown protocol '"
                                    + s.protocol()
                                    + "'; expected one of "
                                    + PROTOCOLS);
        }
        if (model != null) {
            model.close();
            model = null;
        }
        if (encoder != null) {
            encoder.close();
            encoder = null;
            textCatalog = null;
        }
        ReportWriter.write(s.out(), rows);
        TimelineChart.write(
                s.out()
                        .resolve(
                                "hr10-"
                                        + s.protocol()
                                        + "-"
                                        + s.dataset()
                                        + (s.sampleShare() < 1 ? "-sample" + s.sampleShare() : "")
                                        + (s.model().equals("train")
                                                ? "-model"
                                                : s.model().equals("sequence") ? "-sequence" : "")
                                        + ".png"),
                "HR@10 over the timeline: " + s.protocol() + " on " + s.dataset(),
                xTitle,
                timelines);
        return rows;
    }

    private int printed;

    private void print(List<ResultRow> rows) {
        for (ResultRow row : rows.subList(printed, rows.size())) {
            log.printf(
                    Locale.ROOT,
                    "%-18s %-14s hr@10=%.4f hr@20=%.4f ndcg@10=%.4f mrr@20=%.4f cov=%.4f n=%d"
                            + " %.1fs%n",
                    row.method(),
                    row.scope(),
                    row.metrics().getOrDefault("hr@10", 0.0),
                    row.metrics().getOrDefault("hr@20", 0.0),
                    row.metrics().getOrDefault("ndcg@10", 0.0),
                    row.metrics().getOrDefault("mrr@20", 0.0),
                    row.metrics().getOrDefault("coverage", 0.0),
                    row.events(),
                    row.seconds());
        }
        printed = rows.size();
        log.flush();
    }

    private TrainedModel model;

    private Method create(String name, EvalSettings s) throws IOException {
        TextCatalog text = name.equals("perch-content") ? textCatalog() : null;
        if (model != null && (name.startsWith("perch") || name.equals("sasrec"))) {
            return Methods.create(
                    name,
                    s.seed(),
                    model.scorer(),
                    model.embeddings(),
                    s.perch(),
                    model.sequence(),
                    text);
        }
        return Methods.create(name, s.seed(), null, Map.of(), s.perch(), null, text);
    }

    /** Trains the Perch model on {@code training} when asked to (closing any earlier one). */
    private void trainModel(EvalSettings s, List<Interaction> training) throws IOException {
        if (model != null) {
            model.close();
            model = null;
        }
        if (!s.trainsModel()) {
            return;
        }
        log.printf("training the Perch model on %d events%n", training.size());
        long started = System.nanoTime();
        // with perch-content the ranker learns text_similarity as the model server computes it;
        // the plain perch row then runs the same model with the column at 0 (no encoder)
        TextCatalog text = s.methods().contains("perch-content") ? textCatalog() : null;
        model =
                TrainedModel.train(
                        training,
                        text == null ? Map.of() : text.embeddings(),
                        Files.createTempDirectory("perch-eval-model"),
                        s.seed(),
                        s.model().equals("sequence")
                                ? SequenceSettings.DEFAULTS
                                        .withSeed(s.seed())
                                        .withProgress(false)
                                        .withBatching(s.sequenceBatching())
                                        .withBudget(
                                                SequenceSettings.DEFAULTS.maxEpochs(),
                                                s.sequenceMinutes())
                                : null,
                        s.sequenceSplit(),
                        line -> log.println("  " + line));
        log.printf(
                "model %s trained in %.0f s%n",
                model.version(), (System.nanoTime() - started) / 1e9);
    }

    private String scorerNote(EvalSettings s) {
        String settings = s.perch().spec().isEmpty() ? "" : "; settings " + s.perch().spec();
        return (model == null
                        ? "perch scorer: "
                                + s.perch().fallback().version()
                                + " (weighted sum, no model, no embeddings)"
                        : "perch scorer: DJL ranker + embeddings "
                                + model.version()
                                + (model.sequence() == null
                                        ? ""
                                        : " + SASRec+ sequence model " + model.sequence().version())
                                + " trained on the training part only"
                                + (model.sequence() != null
                                                && s.sequenceSplit() == SequenceSplit.LAST_ITEM
                                        ? " (split by user: the ranker on each user's last"
                                                + " training item)"
                                        : ""))
                + settings;
    }

    private List<Interaction> loadEvents(EvalSettings s) throws IOException {
        long[] rejected = new long[1];
        List<Interaction> events =
                switch (s.dataset()) {
                    case "movielens-1m" -> Datasets.movieLensSequences(s.events());
                    case "movielens-100k" ->
                            Datasets.parsed(EventFileFormat.MOVIELENS_100K, s.events(), rejected);
                    case "yoochoose-sample" ->
                            Datasets.parsed(EventFileFormat.SESSION_CLICKS, s.events(), rejected);
                    case "retailrocket" ->
                            Datasets.parsed(EventFileFormat.RETAILROCKET, s.events(), rejected);
                    case "yoochoose", "diginetica" -> {
                        List<Interaction> all = new ArrayList<>();
                        Datasets.aderPeriods(s.events(), rejected).forEach(all::addAll);
                        yield all;
                    }
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown dataset '"
                                            + s.dataset()
                                            + "'; expected one of "
                                            + DATASETS);
                };
        log.printf("loaded %d events (%d lines rejected)%n", events.size(), rejected[0]);
        if (events.isEmpty()) {
            throw new IllegalArgumentException(noEvents(s, rejected[0]));
        }
        return events;
    }

    /** Why a run with nothing to replay is refused instead of reporting empty rows. */
    private static String noEvents(EvalSettings s, long rejected) {
        return String.format(
                Locale.ROOT,
                "no events in %s read as %s (%,d lines rejected): is --dataset the file's?",
                s.events(),
                s.dataset(),
                rejected);
    }

    private void report(
            MethodRun run, EvalSettings s, List<ResultRow> rows, String note, String extra) {
        boolean session = s.protocol().startsWith("session") || s.protocol().equals("continual");
        for (Map.Entry<String, RankingMetrics> scope : run.scopes().entrySet()) {
            RankingMetrics m = scope.getValue();
            Map<String, Double> values = metrics(m, session);
            values.put("coverage", m.coverage(run.catalogueSize()));
            rows.add(
                    new ResultRow(
                            run.method(),
                            s.protocol(),
                            datasetLabel(s),
                            scope.getKey(),
                            values,
                            m.count(),
                            run.users(scope.getKey()),
                            run.seconds(),
                            join(
                                    join(note, extra),
                                    run.method().startsWith("perch") ? scorerNote(s) : "")));
        }
    }

    private static Map<String, Double> metrics(RankingMetrics m, boolean session) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("hr@10", m.hr10());
        values.put("hr@20", m.hr20());
        values.put("ndcg@10", m.ndcg10());
        values.put("mrr@10", m.mrr10());
        values.put("mrr@20", m.mrr20());
        if (session) {
            values.put("recall@10", m.hr10());
            values.put("recall@20", m.hr20());
        }
        return values;
    }

    /** The unweighted mean over the periods or windows of a run (scopes other than "all"). */
    private static ResultRow average(MethodRun run, EvalSettings s, String note) {
        Map<String, Double> sums = new LinkedHashMap<>();
        int n = 0;
        long events = 0;
        for (Map.Entry<String, RankingMetrics> scope : run.scopes().entrySet()) {
            if (scope.getKey().equals("all") || scope.getValue().count() == 0) {
                continue;
            }
            n++;
            events += scope.getValue().count();
            metrics(scope.getValue(), true).forEach((k, v) -> sums.merge(k, v, Double::sum));
        }
        int parts = Math.max(1, n);
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((k, v) -> means.put(k, v / parts));
        return new ResultRow(
                run.method(),
                s.protocol(),
                datasetLabel(s),
                "average",
                means,
                events,
                run.users("all"),
                run.seconds(),
                join(note, "unweighted mean over " + n + " periods/windows"));
    }

    /** The dataset's name, marked when only a sample of users or sessions was tested. */
    static String datasetLabel(EvalSettings s) {
        String label =
                s.sampleShare() >= 1
                        ? s.dataset()
                        : s.dataset() + " (sample " + s.sampleShare() + ")";
        return s.validation() ? label + " (validation)" : label;
    }

    private ProgressBar bar(EvalSettings s, String name, long max) {
        ProgressBarBuilder builder =
                new ProgressBarBuilder()
                        .setTaskName(name)
                        .setInitialMax(max)
                        .setUpdateIntervalMillis(1000)
                        .setConsumer(new ConsoleProgressBarConsumer(log));
        if (!s.progress()) {
            builder.setConsumer(
                    new ConsoleProgressBarConsumer(
                            new PrintStream(PrintStream.nullOutputStream())));
        }
        return builder.build();
    }

    private static void step(ProgressBar bar) {
        bar.step();
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }
}
