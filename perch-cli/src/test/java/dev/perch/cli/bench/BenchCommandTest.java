package dev.perch.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** The options of {@code perch bench} that choose the model server's model. */
class BenchCommandTest {
    @TempDir Path dir;

    private BenchCommand parsed(String... options) throws IOException {
        Path events = Files.writeString(dir.resolve("events.txt"), "1 10\n2 20\n");
        List<String> args = new ArrayList<>(List.of("--events", events.toString()));
        args.addAll(List.of(options));
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        command.validate();
        return command;
    }

    @Test
    @DisplayName(
            "by default the bench trains a model on the file's first 50,000 events, which it does"
                    + " not send: the default is not the heuristic ranker")
    void trainsByDefault() throws IOException {
        BenchModel model = parsed().benchModel;
        assertThat(model).isEqualTo(new BenchModel.Trained(50_000, 0.75));
        assertThat(model.skippedEvents()).isEqualTo(50_000);
    }

    @Test
    @DisplayName("--train-events and --train-minutes size the trained model")
    void trainingOptions() throws IOException {
        BenchModel model = parsed("--train-events", "20000", "--train-minutes", "2").benchModel;
        assertThat(model).isEqualTo(new BenchModel.Trained(20_000, 2));
        assertThat(model.skippedEvents()).isEqualTo(20_000);
    }

    @Test
    @DisplayName(
            "--model none keeps the built-in weighted-sum ranker and sends the file from its first"
                    + " event, as the first sessions' runs in docs/benchmarks/history.md did")
    void noModel() throws IOException {
        BenchModel model = parsed("--model", "none").benchModel;
        assertThat(model).isInstanceOf(BenchModel.None.class);
        assertThat(model.skippedEvents()).isZero();
    }

    @Test
    @DisplayName("--model DIR serves an existing artifact and sends the file from its first event")
    void existingArtifact() throws IOException {
        Path artifact = Files.createDirectories(dir.resolve("v1"));
        BenchModel model = parsed("--model", artifact.toString()).benchModel;
        assertThat(model).isEqualTo(new BenchModel.Existing(artifact));
        assertThat(model.skippedEvents()).isZero();
    }

    @Test
    @DisplayName(
            "usage errors: training options with another model, a missing directory, no training"
                    + " events")
    void usageErrors() {
        assertThatThrownBy(() -> parsed("--model", "none", "--train-events", "10"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--train-events");
        assertThatThrownBy(() -> parsed("--model", dir.resolve("absent").toString()))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("no directory");
        assertThatThrownBy(() -> parsed("--train-events", "0"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--train-events");
    }

    @Test
    @DisplayName(
            "the latency phases follow a 120 s JIT warm-up at 250 events/s unless told otherwise;"
                    + " negative seconds or a rate below 1 are usage errors")
    void jitWarmUp() throws IOException {
        BenchCommand defaults = parsed();
        assertThat(defaults.jitWarmupSeconds).isEqualTo(120);
        assertThat(defaults.jitWarmupRate).isEqualTo(250);
        assertThat(parsed("--jit-warmup-seconds", "0").jitWarmupSeconds).isZero();
        assertThatThrownBy(() -> parsed("--jit-warmup-seconds", "-1"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--jit-warmup-seconds");
        assertThatThrownBy(() -> parsed("--jit-warmup-rate", "0"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--jit-warmup-rate");
    }
}
