package dev.perch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.perch.cli.chaos.ChaosRun;
import dev.perch.cli.local.LocalOptions;
import dev.perch.cli.local.LocalStack;
import dev.perch.demo.DemoData;
import dev.perch.kafka.KafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code perch chaos}: the end-to-end fault run on a local stack. A steady stream goes through the
 * collector while the stream jobs, the model server, the collector and the broker are killed with
 * SIGKILL in turn; at the end every accepted event must be counted exactly once in its user's state
 * and every user must have a current list. Prints and writes the figures (events sent, accepted,
 * counted; recovery time per kill).
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        versionProvider = PerchVersion.class,
        sortOptions = false,
        description = {
            "Kill -9 the stream jobs, the model server, the collector and Kafka in turn under a"
                    + " steady event stream through the collector, then check that every accepted"
                    + " event is counted exactly once and every user has a current list.",
            ""
        },
        footer = {"", "Exit codes: 0 every check held, 1 a check failed, 2 usage error."})
public final class ChaosCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "data-chaos",
            description = "Data directory of the stack (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--users",
            defaultValue = "50",
            description = "Users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(
            names = "--rate",
            paramLabel = "EVENTS_PER_S",
            defaultValue = "20",
            description = "Events per second through the collector (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--warmup",
            defaultValue = "PT60S",
            description = "Stream time before the first kill (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--between",
            defaultValue = "PT60S",
            description = "Stream time after each recovery (default: ${DEFAULT-VALUE}).")
    Duration between;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Also write the figures as JSON to FILE.")
    Path report;

    @Option(names = "--http-port", defaultValue = "8080", description = "Collector port.")
    int httpPort;

    @Option(
            names = "--model-server-port",
            defaultValue = "8081",
            description = "Model server port.")
    int modelServerPort;

    @Override
    public Integer call() throws Exception {
        if (users < 1 || rate <= 0) {
            throw new ParameterException(spec.commandLine(), "--users >= 1 and --rate > 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        LocalOptions options;
        try {
            options =
                    new LocalOptions(
                            dataDir, 0, 3, "512m", "1g", "768m", 1, modelServerPort, httpPort);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        options.requireFreePorts(true, false); // its broker takes any free port
        ChaosRun.Options run =
                new ChaosRun.Options(
                        users, rate, warmup, between, Duration.ofMinutes(5), Duration.ofMinutes(5));
        try (LocalStack stack = LocalStack.startBroker(options, out)) {
            if (stack.broker().kind() != KafkaBroker.Kind.PROCESS) {
                throw new ParameterException(
                        spec.commandLine(),
                        "chaos needs the local broker (unset PERCH_KAFKA_BOOTSTRAP)");
            }
            DemoData.publishCatalog(stack.bootstrap());
            stack.startServices(true);
            stack.superviseChildren();
            ChaosRun.Report result = new ChaosRun(stack, run, out).run();
            print(result, out);
            if (report != null) {
                write(result, run);
            }
            return result.passed() ? 0 : PerchCli.EXIT_FAILURE;
        }
    }

    static void print(ChaosRun.Report r, PrintWriter out) {
        out.printf(
                "events sent %d, accepted %d, counted in user state %d (%d retried answers)%n",
                r.sent(), r.accepted(), r.counted(), r.retries());
        out.printf(
                "users %d: %d count exactly their accepted events, %d have a current list%n",
                r.users(), r.usersMatching(), r.usersWithCurrentList());
        for (ChaosRun.Kill kill : r.kills()) {
            out.printf(
                    "kill -9 %-13s recovered (a list for an event received after it) in %d ms%n",
                    kill.victim(), kill.recovery().toMillis());
        }
        if (!r.mismatches().isEmpty()) {
            out.printf("mismatches: %s%n", r.mismatches());
        }
        out.println(r.passed() ? "PASSED" : "FAILED");
        out.flush();
    }

    private void write(ChaosRun.Report r, ChaosRun.Options run) throws Exception {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("users", run.users());
        options.put("eventsPerSecond", run.eventsPerSecond());
        options.put("warmupSeconds", run.warmup().toSeconds());
        options.put("afterRecoverySeconds", run.afterRecovery().toSeconds());
        List<Map<String, Object>> kills = new ArrayList<>();
        for (ChaosRun.Kill kill : r.kills()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("victim", kill.victim());
            one.put("at", kill.at().toString());
            one.put("recoveryMs", kill.recovery().toMillis());
            kills.add(one);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("finishedAt", Instant.now().toString());
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        json.put("options", options);
        json.put("sent", r.sent());
        json.put("accepted", r.accepted());
        json.put("counted", r.counted());
        json.put("retriedAnswers", r.retries());
        json.put("users", r.users());
        json.put("usersMatching", r.usersMatching());
        json.put("usersWithCurrentList", r.usersWithCurrentList());
        json.put("kills", kills);
        json.put("mismatches", r.mismatches());
        json.put("passed", r.passed());
        if (report.toAbsolutePath().getParent() != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
        }
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(report.toFile(), json);
    }
}
