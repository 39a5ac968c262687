package dev.perch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.perch.cli.local.LocalOptions;
import dev.perch.cli.local.LocalStack;
import dev.perch.events.files.EventFileFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PerchCliTest {

    @Test
    @DisplayName("perch --help lists the commands and exits 0")
    void topHelp() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Usage: perch", "replay", "local", "Exit codes");
    }

    @ParameterizedTest(
            name = "perch {0} --help prints its usage and exits 0, without picocli's warnings")
    @ValueSource(strings = {"replay", "local", "train", "eval", "bench", "chaos", "help"})
    void subcommandHelp(String command) {
        // picocli warns on System.err when a help text is no valid format string (a lone '%'),
        // and then prints that text raw
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        CliRun run;
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            run = CliRun.of(command, "--help");
        } finally {
            System.setErr(stderr);
        }

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Usage: perch " + command);
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @Test
    @DisplayName("replay --help documents the options and every format")
    void replayHelpContent() {
        String help = CliRun.of("replay", "--help").out();

        assertThat(help)
                .contains("--format", "--events", "--bootstrap", "--rate", "--limit", "--topic")
                .contains("Formats:")
                .contains(
                        "retailrocket", "movielens-100k", "session-clicks", "ader-periods", "json")
                .contains("PERCH_KAFKA_BOOTSTRAP");
    }

    @Test
    @DisplayName("local --help documents the data directory, port and the non-interactive mode")
    void localHelpContent() {
        assertThat(CliRun.of("local", "--help").out())
                .contains("--data-dir", "--port", "--partitions", "--exit-after-start");
    }

    @ParameterizedTest(name = "perch {0} prints the version and exits 0")
    @ValueSource(strings = {"--version", "replay --version", "local --version"})
    void version(String args) {
        CliRun run = CliRun.of(args.split(" "));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("perch ").contains("Java ");
    }

    @Test
    @DisplayName("no command, an unknown command or an unknown option is a usage error (2)")
    void usageErrors() {
        assertThat(CliRun.of().exitCode()).isEqualTo(2);
        assertThat(CliRun.of("fly").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("local", "--colour").exitCode()).isEqualTo(2);
    }

    @Test
    @DisplayName("replay without --format or --events is a usage error naming the option")
    void replayMissingOptions() {
        CliRun run = CliRun.of("replay", "--events", "x.csv");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--format");
    }

    @Test
    @DisplayName("an unknown format is a usage error that lists the formats")
    void unknownFormat(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("e.csv"), "");

        CliRun run = CliRun.of("replay", "--format", "csv", "--events", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown format 'csv'", "retailrocket");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"replay", "train", "bench", "local"})
    @DisplayName(
            "every command that reads a click-stream file refuses an unknown format the same way,"
                    + " as a usage error listing the formats, before it starts anything")
    void unknownFormatEverywhere(String command, @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("e.csv"), "");
        Path data = dir.resolve("data");

        CliRun run =
                CliRun.of(
                        command,
                        "--format",
                        "csv",
                        "--events",
                        file.toString(),
                        command.equals("local") ? "--data-dir" : "--out",
                        data.toString());

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err())
                .contains("Invalid value for option '--format'", "unknown format 'csv'")
                .contains(EventFileFormat.cliNames());
        assertThat(data).as("nothing started, nothing written").doesNotExist();
    }

    @Test
    @DisplayName("local refuses --format without --events as a usage error, starting nothing")
    void localFormatWithoutEvents(@TempDir Path dir) {
        Path data = dir.resolve("data");

        CliRun run = CliRun.of("local", "--format", "json", "--data-dir", data.toString());

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("--format goes with --events");
        assertThat(data).doesNotExist();
    }

    @Test
    @DisplayName("a missing events file is a usage error, before any broker is contacted")
    void missingFile(@TempDir Path dir) {
        CliRun run =
                CliRun.of(
                        "replay",
                        "--format",
                        "retailrocket",
                        "--events",
                        dir.resolve("nope.csv").toString(),
                        "--bootstrap",
                        "127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no readable file");
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @CsvSource({"--topic,''", "--topic,my events", "--dead-letter-topic,..", "--examples,-1"})
    @DisplayName(
            "replay refuses a topic that is no Kafka topic name, or a negative --examples, as a"
                + " usage error before the broker is contacted (the broker refused each record)")
    void badTopicsOrExamples(String option, String value, @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("e.json"), "");

        CliRun run =
                CliRun.of(
                        "replay",
                        "-f",
                        "json",
                        "-e",
                        file.toString(),
                        "--bootstrap",
                        "127.0.0.1:1",
                        option,
                        value);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains(option);
    }

    @Test
    @DisplayName("train refuses an --items-topic that is no Kafka topic name, as replay does")
    void trainBadItemsTopic(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("e.json"), "");

        CliRun run =
                CliRun.of(
                        "train",
                        "-f",
                        "json",
                        "-e",
                        file.toString(),
                        "-o",
                        dir.resolve("out").toString(),
                        "--publish",
                        "--model-dir",
                        dir.resolve("models").toString(),
                        "--items-topic",
                        "my items");

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).contains("--items-topic", "is no Kafka topic name");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    @DisplayName("a negative rate or limit is a usage error")
    void badNumbers(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("e.csv"), "");
        String events = file.toString();

        assertThat(CliRun.of("replay", "-f", "json", "-e", events, "--rate", "-5").exitCode())
                .isEqualTo(2);
        assertThat(CliRun.of("replay", "-f", "json", "-e", events, "--limit", "-1").exitCode())
                .isEqualTo(2);
        assertThat(CliRun.of("replay", "-f", "json", "-e", events, "--rate", "fast").exitCode())
                .isEqualTo(2);
    }

    @Test
    @DisplayName(
            "local refuses a negative or infinite --rate or --demo-rate as a usage error, starting"
                    + " nothing (the replay child or the simulator would fail after 'ready')")
    void localBadRates(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("e.json"), "");
        Path data = dir.resolve("data");
        String[][] calls = {
            {"--events", file.toString(), "--format", "json", "--rate", "-5"},
            {"--events", file.toString(), "--format", "json", "--rate", "Infinity"},
            {"--demo-rate", "-1"},
            {"--demo-rate", "NaN"},
        };
        for (String[] call : calls) {
            String[] args = new String[call.length + 3];
            args[0] = "local";
            System.arraycopy(call, 0, args, 1, call.length);
            args[call.length + 1] = "--data-dir";
            args[call.length + 2] = data.toString();

            CliRun run = CliRun.of(args);

            assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
            assertThat(run.err()).contains("must be >= 0");
            assertThat(data).doesNotExist();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "local --http-port 70000",
                "local --model-server-port 0",
                "local --port -1",
                "local --http-port 8090 --model-server-port 8090",
                "chaos --http-port 65536",
                "chaos --http-port 8091 --model-server-port 8091",
            })
    @DisplayName(
            "local and chaos refuse a port out of range or used twice as a usage error, before"
                    + " starting anything (the third child failed to bind a minute later)")
    void badPorts(String args, @TempDir Path dir) {
        Path data = dir.resolve("data");
        List<String> call = new ArrayList<>(List.of(args.split(" ")));
        call.addAll(List.of("--data-dir", data.toString()));

        CliRun run = CliRun.of(call.toArray(String[]::new));

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).containsAnyOf("must be", "must differ");
        assertThat(data).as("nothing started").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "local --http-port",
                "local --model-server-port",
                "local --port",
                "chaos --http-port"
            })
    @DisplayName(
            "local and chaos stop at once, naming the option, when a port they would listen on is"
                    + " held by another process (before, the collector failed to bind after the"
                    + " broker, the stream jobs and the model server had started)")
    void portInUse(String commandAndOption, @TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        String command = commandAndOption.split(" ")[0];
        String option = commandAndOption.split(" ")[1];
        if (option.equals("--port")) {
            assumeTrue(
                    LocalStack.startsItsOwnBroker(
                            new LocalOptions(data, 9092, 1, "512m", "1g", "768m", 1, 8081, 8080)),
                    "local uses the cluster of PERCH_KAFKA_BOOTSTRAP here: no broker port of its"
                            + " own");
        }
        int[] free = new int[2];
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free[0] = a.getLocalPort();
            free[1] = b.getLocalPort();
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            // every other port free: only the one under test may be the reason
            List<String> call = new ArrayList<>(List.of(command, "--data-dir", data.toString()));
            call.addAll(
                    List.of(
                            "--http-port",
                            option.equals("--http-port") ? port : Integer.toString(free[0])));
            call.addAll(
                    List.of(
                            "--model-server-port",
                            option.equals("--model-server-port")
                                    ? port
                                    : Integer.toString(free[1])));
            if (command.equals("local")) {
                call.addAll(List.of("--port", option.equals("--port") ? port : "0"));
            }

            CliRun run = CliRun.of(call.toArray(String[]::new));

            assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
            assertThat(run.err())
                    .contains("port " + port)
                    .contains("is in use by another process")
                    .contains("with " + option);
            assertThat(data).as("nothing started").doesNotExist();
        }
    }

    @Test
    @DisplayName("local refuses a partition count under 1 as a usage error, starting nothing")
    void localBadPartitions() {
        assertThat(CliRun.of("local", "--partitions", "0").exitCode()).isEqualTo(2);
    }
}
