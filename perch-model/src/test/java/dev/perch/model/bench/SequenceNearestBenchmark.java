package dev.perch.model.bench;

import dev.perch.core.recommend.ScoredId;
import dev.perch.core.sequence.SequenceScores;
import dev.perch.core.sequence.UserEncoding;
import dev.perch.model.sequence.DjlSequenceModel;
import dev.perch.model.sequence.SequenceArtifact;
import dev.perch.model.sequence.SequenceSettings;
import dev.perch.model.sequence.SequenceTraining;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The sequence source's candidates for one micro-batch of 256 users (the model server's batch): the
 * 100 items nearest each user's encoding among those its own sequence does not hold, over a catalog
 * the size of the bench's (about 5,300 items in the sequence model, 32 dimensions, the demo model's
 * shape). Three ways, time per user: {@code exactPerUser} ({@code ItemVectors.nearest} once per
 * user), {@code exactBlocked} ({@code ItemVectors.scoreAll}, the Java scores four users per pass,
 * then the same selection as the engine's) and {@code engine} ({@code DjlSequenceModel.scoreAll}:
 * one float32 product on the engine, then the same selection with each user's sequence as blocked
 * rows, as {@code Recommender} runs it). The model is trained for one epoch on random sequences at
 * setup: the cost depends on the shape, not on the weights. CPU only.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx2g", "-Dai.djl.offline=true"})
public class SequenceNearestBenchmark {
    static final int USERS = 256;
    static final int ITEMS = 5_342;

    private DjlSequenceModel model;
    private List<UserEncoding> encodings;
    private List<Predicate<String>> allowed;
    private List<Set<String>> seen;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Random random = new Random(1);
        List<List<String>> sequences = new ArrayList<>();
        for (int u = 0; u < 3_000; u++) {
            List<String> sequence = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                sequence.add("item" + random.nextInt(ITEMS));
            }
            sequences.add(sequence);
        }
        // the demo's model, one epoch of batches of 256, no time budget
        SequenceSettings oneEpoch = SequenceSettings.DEMO.withOptimizer(3e-3, 256).withBudget(1, 0);
        SequenceArtifact artifact =
                SequenceTraining.train(
                        sequences,
                        oneEpoch,
                        Files.createTempDirectory("perch-sequence-bench-"),
                        "cpu",
                        line -> {});
        model = DjlSequenceModel.load(artifact, "cpu");
        encodings = model.encode(sequences.subList(0, USERS));
        allowed = new ArrayList<>();
        seen = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            Set<String> held = Set.copyOf(sequences.get(u));
            seen.add(held);
            allowed.add(item -> !held.contains(item));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
    }

    @Benchmark
    @OperationsPerInvocation(USERS)
    public List<List<ScoredId>> exactPerUser() {
        List<List<ScoredId>> out = new ArrayList<>(USERS);
        for (int u = 0; u < USERS; u++) {
            out.add(model.items().nearest(encodings.get(u), 100, allowed.get(u)));
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(USERS)
    public List<List<ScoredId>> exactBlocked() {
        return selected(model.items().scoreAll(encodings));
    }

    @Benchmark
    @OperationsPerInvocation(USERS)
    public List<List<ScoredId>> engine() {
        return selected(model.scoreAll(encodings));
    }

    /**
     * Each user's 100 best items, its own sequence blocked, as {@code Recommender} selects them.
     */
    private List<List<ScoredId>> selected(SequenceScores scores) {
        List<List<ScoredId>> out = new ArrayList<>(USERS);
        for (int u = 0; u < USERS; u++) {
            out.add(scores.top(u, 100, model.items().rowsOf(seen.get(u))));
        }
        return out;
    }
}
