package dev.perch.cli;

import dev.perch.access.KafkaClientProperties;
import dev.perch.cli.train.CatalogEmbeddingPublisher;
import dev.perch.eval.method.TextCatalog;
import dev.perch.events.Topics;
import dev.perch.events.files.EventFileFormat;
import dev.perch.model.ArtifactWriter;
import dev.perch.model.ModelArtifact;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.text.SentenceEncoder;
import dev.perch.model.train.EventFiles;
import dev.perch.model.train.PerchTrainer;
import dev.perch.model.train.TrainResult;
import dev.perch.model.train.TrainSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code perch train}: trains item embeddings and the ranking model from a recorded click stream
 * and writes a versioned model artifact; {@code --publish} ships it (embeddings to perch.items, the
 * artifact into the model server's directory).
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = PerchVersion.class,
        sortOptions = false,
        description = {
            "Train item embeddings and the ranking model (DJL, PyTorch engine) from a recorded"
                    + " click stream and write a versioned model artifact to OUT/<version>/.",
            "The latest events in event time (--holdout) are held out; HR@10 and NDCG@10 of the"
                    + " pipeline with each ranker (the trained one, the fixed weights, and with"
                    + " --sequence the sequence model's own order) and of popularity on them go"
                    + " into metrics.json, and the artifact ships the ranker that did best.",
            ""
        },
        footer = {
            "",
            "Example:",
            "  perch train --format movielens-100k --events ml-100k.inter --out models \\",
            "      --publish --bootstrap localhost:9092 --model-dir /var/lib/perch/models",
            "",
            "Exit codes: 0 trained (and published), 1 failure, 2 usage error."
        })
public final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = {"-f", "--format"},
            required = true,
            paramLabel = "FORMAT",
            converter = EventFileFormats.Converter.class,
            completionCandidates = EventFileFormats.Names.class,
            description = "The file format: ${COMPLETION-CANDIDATES}.")
    EventFileFormat format;

    @Option(
            names = {"-e", "--events"},
            required = true,
            paramLabel = "FILE",
            description = "The click-stream file (may be gzip-compressed, name ending in .gz).")
    Path events;

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "DIR",
            description = "Where the artifact goes: DIR/<version>/.")
    Path out;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Random seed (default: 42); the same seed and file give the same model.")
    Long seed;

    @Option(names = "--epochs", paramLabel = "N", description = "Embedding epochs (default: 5).")
    Integer epochs;

    @Option(
            names = "--dimension",
            paramLabel = "D",
            description = "Embedding dimension (default: 64).")
    Integer dimension;

    @Option(
            names = "--holdout",
            paramLabel = "SHARE",
            description = "Share of the latest events held out for the metrics (default: 0.1).")
    Double holdout;

    @Option(
            names = "--max-examples",
            paramLabel = "N",
            description = "Cap on next-item examples, the latest kept (default: 500000).")
    Integer maxExamples;

    @Option(
            names = "--device",
            paramLabel = "DEVICE",
            defaultValue = "cpu",
            description = "cpu, gpu, cuda or gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(
            names = "--publish",
            description =
                    "Merge every embedding into the current record of its item on the items"
                            + " topic (title, category, price, availability are kept) and copy"
                            + " the artifact into --model-dir; items not in the catalog are left"
                            + " out.")
    boolean publish;

    @Option(
            names = {"-b", "--bootstrap"},
            paramLabel = "HOST:PORT",
            defaultValue = "${env:PERCH_KAFKA_BOOTSTRAP:-localhost:9092}",
            description =
                    "Kafka bootstrap servers for --publish (default: $PERCH_KAFKA_BOOTSTRAP or"
                            + " localhost:9092).")
    String bootstrap;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            defaultValue = "${env:" + KafkaClientProperties.ENV + "}",
            description =
                    "Kafka client properties file for --publish (security.protocol, SASL, TLS)"
                            + " (default: $"
                            + KafkaClientProperties.ENV
                            + ").")
    Path kafkaProperties;

    @Option(
            names = "--items-topic",
            paramLabel = "TOPIC",
            defaultValue = Topics.ITEMS,
            converter = TopicNames.Converter.class,
            description = "Topic for the item embeddings (default: ${DEFAULT-VALUE}).")
    String itemsTopic;

    @Option(
            names = "--model-dir",
            paramLabel = "DIR",
            description = "The directory the model server watches; with --publish.")
    Path modelDir;

    @Option(
            names = "--sequence",
            description =
                    "Also train a SASRec+ sequence model (causal self-attention, full softmax"
                            + " cross-entropy) on the earlier 80%% of the training events; the"
                            + " ranker then learns on its candidates and scores, and the model"
                            + " server runs it from the same artifact.")
    boolean sequence;

    @Option(
            names = "--sequence-epochs",
            paramLabel = "N",
            description =
                    "Most epochs of the sequence model; it stops earlier when validation NDCG@10"
                            + " stops improving (default: 200).")
    Integer sequenceEpochs;

    @Option(
            names = "--sequence-minutes",
            paramLabel = "M",
            description = "Wall-time budget of the sequence model in minutes (default: 85).")
    Double sequenceMinutes;

    @Option(
            names = "--item-text",
            paramLabel = "FILE",
            description =
                    "A catalog file with the items' text (MovieLens movies.dat or ml-100k.item):"
                            + " each item is encoded by the model server's sentence encoder, so"
                            + " the ranker learns the content source and text_similarity as they"
                            + " are served.")
    Path itemText;

    @Option(
            names = "--catalog-text",
            description =
                    "The same from the catalog on --items-topic (read to its end from"
                            + " --bootstrap): what a shop's deployment passes.")
    boolean catalogText;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        if (publish || catalogText) {
            BrokerCheck.requireReachable(
                    bootstrap,
                    itemsTopic,
                    KafkaClientProperties.load(kafkaProperties).asMap(),
                    out);
        }
        out.printf("reading %s as %s%n", events, format.cliName());
        out.flush();
        long start = System.nanoTime();
        EventFiles.Read read = EventFiles.read(events, format);
        out.printf(
                Locale.US,
                "read %,d events in %.1f s (%,d lines rejected)%n",
                read.events().size(),
                (System.nanoTime() - start) / 1e9,
                read.rejected());
        out.flush();
        PerchTrainer trainer =
                new PerchTrainer(
                        device,
                        line -> {
                            out.println(line);
                            out.flush();
                        });
        TextCatalog text = itemText(out);
        TrainResult result =
                trainer.train(
                        read.events(),
                        text == null ? List.of() : new ArrayList<>(text.items().values()),
                        text == null ? Map.of() : text.embeddings(),
                        settings(),
                        sequenceSettings(),
                        this.out);
        ModelArtifact artifact = result.artifact();
        out.printf(
                Locale.US,
                "model %s: %d items, ranker %s, trained in %.1f s, written to %s%n",
                artifact.version(),
                artifact.itemCount(),
                artifact.rankerKind(),
                result.elapsed().toMillis() / 1000.0,
                artifact.directory());
        artifact.metrics().entrySet().stream()
                .filter(e -> e.getKey().startsWith("hr@") || e.getKey().startsWith("ndcg@"))
                .forEach(e -> out.printf(Locale.US, "  %-22s %.4f%n", e.getKey(), e.getValue()));
        if (publish) {
            // the artifact in place first (staged, invisible to the model server), then the
            // embeddings merged into the catalog, then the switch: see docs/operations.md
            ArtifactWriter.Staged staged = ArtifactWriter.stage(artifact, modelDir);
            CatalogEmbeddingPublisher.Result published;
            try {
                published =
                        new CatalogEmbeddingPublisher(
                                        bootstrap,
                                        itemsTopic,
                                        KafkaClientProperties.load(kafkaProperties))
                                .publish(
                                        artifact.readEmbeddings(),
                                        artifact.version(),
                                        Clock.systemUTC().instant());
            } catch (RuntimeException e) {
                staged.abort();
                throw e;
            }
            out.printf(
                    Locale.US,
                    "published %,d item embeddings of %s to %s (catalog records merged; %,d"
                            + " embeddings of items not in the catalog left out, %,d unreadable"
                            + " catalog records left as they were)%n",
                    published.updated(),
                    artifact.version(),
                    itemsTopic,
                    published.notInCatalog(),
                    published.unreadable());
            Path served = staged.commit();
            out.printf("copied the artifact to %s%n", served);
        }
        out.flush();
        return 0;
    }

    /** The catalog's text, encoded, from --item-text or --catalog-text; null without either. */
    private TextCatalog itemText(PrintWriter out) throws IOException {
        if (itemText == null && !catalogText) {
            return null;
        }
        try (SentenceEncoder encoder = SentenceEncoder.load()) {
            Consumer<String> log =
                    line -> {
                        out.println(line);
                        out.flush();
                    };
            if (itemText != null) {
                return TextCatalog.read(itemText, encoder, SentenceEncoder.VERSION, log);
            }
            CatalogEmbeddingPublisher.Catalog catalog =
                    new CatalogEmbeddingPublisher(
                                    bootstrap,
                                    itemsTopic,
                                    KafkaClientProperties.load(kafkaProperties))
                            .readCatalog();
            return TextCatalog.encode(
                    catalog.items(), catalog.unreadable(), encoder, SentenceEncoder.VERSION, log);
        }
    }

    private void validate() {
        if (!Files.isRegularFile(events) || !Files.isReadable(events)) {
            throw new ParameterException(
                    spec.commandLine(), "--events: no readable file at " + events.toAbsolutePath());
        }
        if (itemText != null && catalogText) {
            throw new ParameterException(
                    spec.commandLine(), "--item-text and --catalog-text: give one of them");
        }
        if (itemText != null && !Files.isReadable(itemText)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--item-text: no readable file at " + itemText.toAbsolutePath());
        }
        if (publish && modelDir == null) {
            throw new ParameterException(spec.commandLine(), "--publish needs --model-dir");
        }
        if (!sequence && (sequenceEpochs != null || sequenceMinutes != null)) {
            throw new ParameterException(
                    spec.commandLine(), "--sequence-epochs and --sequence-minutes need --sequence");
        }
        try {
            settings();
            sequenceSettings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            dev.perch.model.Djl.device(device);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--device: " + e.getMessage());
        }
    }

    /** The sequence model's settings, or null without {@code --sequence}. */
    SequenceSettings sequenceSettings() {
        if (!sequence) {
            return null;
        }
        SequenceSettings s = SequenceSettings.DEFAULTS;
        return s.withBudget(
                sequenceEpochs == null ? s.maxEpochs() : sequenceEpochs,
                sequenceMinutes == null ? s.maxMinutes() : sequenceMinutes);
    }

    TrainSettings settings() {
        TrainSettings s = TrainSettings.DEFAULTS.withProgress(!noProgress);
        if (seed != null) {
            s = s.withSeed(seed);
        }
        if (epochs != null) {
            s = s.withEpochs(epochs);
        }
        if (dimension != null) {
            s = s.withDimension(dimension);
        }
        if (holdout != null) {
            s = s.withHoldoutShare(holdout);
        }
        if (maxExamples != null) {
            s = s.withCaps(maxExamples, s.rankerExamples(), s.evalEvents());
        }
        return s;
    }
}
