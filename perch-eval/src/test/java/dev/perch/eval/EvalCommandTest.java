package dev.perch.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code perch eval} refuses a wrong setting as a usage error before it reads, trains or writes
 * anything, and refuses a file that yields no events instead of reporting empty rows.
 */
class EvalCommandTest {
    @TempDir Path dir;

    private record Run(int exitCode, String err) {}

    private Run eval(String... extra) throws IOException {
        Path events = Files.writeString(dir.resolve("events.csv"), retailRocketLines());
        List<String> args = new ArrayList<>();
        args.addAll(
                List.of(
                        "--events",
                        events.toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        "--no-progress"));
        args.addAll(List.of(extra));
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new EvalCommand());
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args.toArray(String[]::new));
        return new Run(exitCode, err.toString());
    }

    private static String retailRocketLines() {
        StringBuilder csv = new StringBuilder("timestamp,visitorid,event,itemid,transactionid\n");
        for (int v = 0; v < 20; v++) {
            for (int step = 0; step < 3; step++) {
                csv.append(1_440_000_000_000L + v * 3_600_000L + step * 60_000L)
                        .append(',')
                        .append(v)
                        .append(",view,")
                        .append(step)
                        .append(",\n");
            }
        }
        return csv.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unknown dataset|--dataset retail --protocol prequential|unknown dataset 'retail'",
                "unknown protocol|--dataset retailrocket --protocol loo|unknown protocol 'loo'",
                "unknown method after a known one|--dataset retailrocket --protocol prequential"
                        + " --methods markov,markow|unknown method 'markow'",
                "unknown model|--dataset retailrocket --protocol prequential --model trian"
                        + "|unknown model 'trian'",
                "sasrec without the sequence model|--dataset retailrocket --protocol prequential"
                        + " --methods sasrec|pass --model sequence",
                "a sample share over 1|--dataset retailrocket --protocol prequential --sample 2"
                        + "|sample share must be in (0, 1]",
                "a zero sample share|--dataset retailrocket --protocol prequential --sample 0"
                        + "|sample share must be in (0, 1]",
                "a warm-up of 1|--dataset retailrocket --protocol prequential --warm-up 1"
                        + "|warm-up share must be in (0, 1)",
                "the search protocol without item text|--dataset retailrocket --protocol search"
                        + "|need --item-text",
                "a --perch value that is no number|--dataset retailrocket --protocol prequential"
                        + " --perch neighbors=abc|--perch neighbors: not a number: 'abc'",
                "an unknown --perch key|--dataset retailrocket --protocol prequential"
                        + " --perch neighbours=5|unknown --perch key: neighbours",
            })
    @DisplayName("a wrong setting is a usage error naming it, before anything is read or written")
    void wrongSettingIsAUsageError(String what, String args, String message) throws IOException {
        Run run = eval(args.split(" "));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains(message);
        assertThat(dir.resolve("out")).as("nothing written").doesNotExist();
    }

    @Test
    @DisplayName("a missing events path is a usage error naming the path")
    void missingEvents() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new EvalCommand());
        cli.setErr(new PrintWriter(err, true));

        int exitCode =
                cli.execute(
                        "--dataset",
                        "retailrocket",
                        "--protocol",
                        "prequential",
                        "--events",
                        dir.resolve("nope.csv").toString(),
                        "--out",
                        dir.resolve("out").toString());

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--events: no file or directory at");
    }

    @Test
    @DisplayName(
            "a file that yields no events under the dataset's format fails naming the rejected"
                    + " lines, and writes no report of empty rows")
    void noEventsIsRefused() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new EvalCommand());
        cli.setErr(new PrintWriter(err, true));
        RuntimeException[] failure = new RuntimeException[1];
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    failure[0] = (RuntimeException) e;
                    return CommandLine.ExitCode.SOFTWARE;
                });

        int exitCode =
                cli.execute(
                        "--dataset",
                        "movielens-100k", // a RetailRocket file read as ml-100k: every line bad
                        "--protocol",
                        "prequential",
                        "--events",
                        writeRetailRocket().toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        "--no-progress");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(failure[0])
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no events in")
                .hasMessageContaining("read as movielens-100k")
                .hasMessageContaining("61 lines rejected");
        assertThat(dir.resolve("out/report.json")).doesNotExist();
    }

    private Path writeRetailRocket() {
        try {
            return Files.writeString(dir.resolve("rr.csv"), retailRocketLines());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
