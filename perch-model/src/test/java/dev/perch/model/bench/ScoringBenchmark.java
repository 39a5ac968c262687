package dev.perch.model.bench;

import dev.perch.core.recommend.FeatureMatrix;
import dev.perch.core.recommend.RankingFeatures;
import dev.perch.model.ArtifactWriter;
import dev.perch.model.DjlScorer;
import dev.perch.model.ModelArtifact;
import dev.perch.model.TorchScriptFiles;
import dev.perch.model.testing.PlantedClickStream;
import dev.perch.model.train.PerchTrainer;
import dev.perch.model.train.TrainSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@link DjlScorer#score} call (one inference) per batch of candidate rows, for the DJL MLP the
 * trainer writes (10-32-16-1) and for a TorchScript linear ranker; candidates/s = ops/s x batch.
 * Run: see perch-model/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g", "-Dai.djl.offline=true"})
public class ScoringBenchmark {
    @Param({"1", "16", "64", "256", "1024"})
    public int batch;

    @Param({"djl", "torchscript"})
    public String kind;

    private Path dir;
    private DjlScorer scorer;
    private FeatureMatrix[] blocks;
    private int next;

    @Setup(Level.Trial)
    public void load() throws Exception {
        dir = Files.createTempDirectory("perch-scoring-bench");
        PlantedClickStream stream = PlantedClickStream.generate(1);
        TrainSettings settings =
                TrainSettings.DEFAULTS
                        .withProgress(false)
                        .withEpochs(1)
                        .withCaps(20_000, 2_000, 200);
        ModelArtifact artifact =
                new PerchTrainer("cpu", line -> {})
                        .trainedRankerOnly() // the DJL ranker is what is measured
                        .train(stream.events(), stream.items(), settings, dir.resolve("djl"))
                        .artifact();
        if (kind.equals("torchscript")) {
            Path pt = dir.resolve("linear.pt");
            float[] weight = new float[RankingFeatures.COUNT];
            for (int i = 0; i < weight.length; i++) {
                weight[i] = 0.1f * (i + 1);
            }
            TorchScriptFiles.writeLinear(pt, weight, 0.5f, false);
            artifact =
                    ArtifactWriter.importTorchScript(
                            artifact, pt, "ts-bench", Map.of(), dir.resolve("ts"));
        }
        scorer = DjlScorer.load(artifact, "cpu");
        SplittableRandom random = new SplittableRandom(7);
        blocks = new FeatureMatrix[16];
        for (int b = 0; b < blocks.length; b++) {
            float[] values = new float[batch * RankingFeatures.COUNT];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextDouble(-2, 2);
            }
            blocks[b] = new FeatureMatrix(values, batch, RankingFeatures.COUNT);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        scorer.close();
    }

    @Benchmark
    public float[] score() {
        FeatureMatrix block = blocks[next++ & (blocks.length - 1)];
        return scorer.score(block);
    }
}
