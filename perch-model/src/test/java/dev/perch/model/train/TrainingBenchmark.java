package dev.perch.model.train;

import ai.djl.Device;
import dev.perch.model.Djl;
import dev.perch.model.testing.PlantedClickStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One epoch of item-embedding training (DJL, sampled softmax with 32 negatives, batch 256, context
 * 20) over {@link #EXAMPLES} next-item examples from a planted stream; examples/s = EXAMPLES / time
 * per op. Run: see perch-model/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g", "-Dai.djl.offline=true"})
public class TrainingBenchmark {
    /** Examples per epoch (the benchmark's unit of work). */
    public static final int EXAMPLES = 20_000;

    @Param({"16", "64"})
    public int dimension;

    private EmbeddingExamples examples;
    private ItemVocabulary vocabulary;
    private TrainSettings settings;
    private Device device;

    @Setup(Level.Trial)
    public void prepare() {
        Djl.offline();
        device = Djl.device("cpu");
        PlantedClickStream stream =
                PlantedClickStream.generate(
                        new PlantedClickStream.Spec(
                                20,
                                100,
                                1_000,
                                5,
                                6,
                                0.9,
                                PlantedClickStream.Spec.DEFAULTS.start(),
                                PlantedClickStream.Spec.DEFAULTS.span()),
                        3);
        settings =
                TrainSettings.DEFAULTS.withDimension(dimension).withEpochs(1).withProgress(false);
        vocabulary = ItemVocabulary.of(stream.events(), settings.maxItems());
        examples =
                EmbeddingExamples.build(
                        stream.events(), vocabulary, settings.contextSize(), EXAMPLES);
    }

    @Benchmark
    public EmbeddingTrainer.Result epoch() {
        return EmbeddingTrainer.train(examples, vocabulary, settings, device, line -> {});
    }
}
