package dev.perch.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.perch.model.ModelArtifact;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The result of one {@code perch bench} run: the machine and command, the sustained throughput from
 * a backlog, the latency at each fixed rate, and what every process cost per event next to a plain
 * Kafka passthrough; written as bench.json and a markdown summary. {@code jitWarmUp} (null: not
 * run) is the phase that let the JVMs compile their hot paths before the measured rates: what a
 * freshly started pipeline shows, never counted in the rates' figures. {@code stagesAlone} (null:
 * not run) is a second backlog after the rates, with each stage alone ({@link
 * Throughput#stagesAlone}).
 */
public record BenchReport(
        Machine machine,
        String command,
        String events,
        Model model,
        Throughput throughput,
        Throughput stagesAlone,
        RatePhase jitWarmUp,
        List<RatePhase> rates,
        Integer highestRateWithP99UnderOneSecond) {

    private static final String LATENCY_HEADER =
            "| target ev/s | achieved ev/s | stage | events | no output | p50 | p95 | p99 | p99.9"
                    + " | max |\n|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n";

    /** The processes' names in the report. */
    public static final String KAFKA = "kafka";

    public static final String STREAM_JOBS = "stream-jobs";
    public static final String MODEL_SERVER = "model-server";
    public static final String PASSTHROUGH = "kafka passthrough";
    public static final String BENCH = "bench (producer + probes)";

    /**
     * The model the model server ran.
     *
     * @param source where it came from: trained at the start, {@code --model DIR}, or none
     * @param version the artifact's version (null: none, the built-in weighted-sum ranker)
     * @param ranker the ranker kind the model server loaded ({@code djl}, {@code weighted-sum},
     *     {@code sequence-first}, ...: the trainer ships the one its hold-out check chose)
     * @param sequenceModel whether it carries a sequence model
     * @param sequenceVersion the sequence model's version (null: none)
     * @param trainingSeconds wall time of the training at the start (null: not trained here)
     * @param trainEvents the events at the top of the file it trained on, which were not sent
     */
    public record Model(
            String source,
            String version,
            String ranker,
            boolean sequenceModel,
            String sequenceVersion,
            Double trainingSeconds,
            long trainEvents) {
        /** No model: the model server's built-in weighted-sum ranker. */
        public static Model none() {
            return new Model("none (--model none)", null, "weighted-sum", false, null, null, 0);
        }

        /** The model of {@code artifact}, with the version of its sequence model or null. */
        public static Model of(
                String source,
                ModelArtifact artifact,
                String sequenceVersion,
                Double trainingSeconds,
                long trainEvents) {
            return new Model(
                    source,
                    artifact.version(),
                    artifact.rankerKind(),
                    sequenceVersion != null,
                    sequenceVersion,
                    trainingSeconds,
                    trainEvents);
        }

        /** One line for the summary. */
        public String describe() {
            if (version == null) {
                return "none, the model server's built-in weighted-sum ranker (--model none)";
            }
            return String.format(
                    Locale.US,
                    "%s (ranker %s) %s, %s%s",
                    version,
                    ranker,
                    sequenceModel
                            ? "with sequence model " + sequenceVersion
                            : "without a sequence model",
                    source,
                    trainingSeconds == null
                            ? ""
                            : String.format(Locale.US, ", in %.1f s", trainingSeconds));
        }
    }

    /** Where the run happened. */
    public record Machine(String os, String cpu, int cores, long memoryMb, String jvm) {
        /** This machine. */
        public static Machine current() {
            String cpu = "unknown";
            try {
                cpu =
                        Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                                .filter(l -> l.startsWith("model name"))
                                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                                .findFirst()
                                .orElse(cpu);
            } catch (IOException notLinux) {
                // keep unknown
            }
            long memory = 0;
            if (ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                memory = os.getTotalMemorySize() >> 20;
            }
            return new Machine(
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                    cpu,
                    Runtime.getRuntime().availableProcessors(),
                    memory,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        }

        /**
         * The machine's one-minute load average (runnable processes, all of them: what else ran
         * beside the benchmark shows here); -1 where /proc/loadavg cannot be read.
         */
        public static double loadAverage() {
            try {
                return Double.parseDouble(
                        Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
            } catch (IOException | RuntimeException notLinux) {
                return -1;
            }
        }
    }

    /**
     * The backlog phase: events produced at once with the file's own times, then how fast each
     * stage went through them. {@code modelServerStatesPerSecond} is the rate at which the model
     * server consumed user states (its committed offsets), comparable with the stream jobs' {@code
     * userStatesPerSecond}; lists are fewer than states because states of one user in one
     * micro-batch are coalesced. {@code stagesAlone}: the model servers were stopped until the
     * stream jobs had written the backlog's states, and their seconds count from when they went on,
     * so each stage's rate is its own with the machine to itself.
     */
    public record Throughput(
            long eventsProduced,
            double produceSeconds,
            long userStates,
            double userStateSeconds,
            double userStatesPerSecond,
            long modelServerStatesConsumed,
            double modelServerSeconds,
            double modelServerStatesPerSecond,
            long recommendations,
            double recommendationSeconds,
            double recommendationsPerSecond,
            long passthroughRecords,
            double passthroughSeconds,
            double passthroughPerSecond,
            long deadLetters,
            boolean drained,
            boolean stagesAlone,
            List<ProcessSampler.Usage> processes,
            Cost cost,
            double loadAverage) {}

    /**
     * The latency of one stage (event to user state, or to recommendations) of the events intended
     * in one window of a phase (from {@code fromSecond} after the measurement began, {@code
     * seconds} long), in milliseconds: a lag that grows over the phase shows as rising figures.
     */
    public record Window(
            double fromSecond, double seconds, long events, double p50, double p99, double max) {
        /**
         * The windows of {@code timeline} (histograms in microseconds, in window order), each
         * {@code window} long.
         */
        public static List<Window> of(List<Histogram> timeline, Duration window) {
            List<Window> out = new ArrayList<>(timeline.size());
            double seconds = window.toNanos() / 1e9;
            for (int i = 0; i < timeline.size(); i++) {
                Latency l = Latency.of(timeline.get(i), 0);
                out.add(new Window(i * seconds, seconds, l.count(), l.p50(), l.p99(), l.max()));
            }
            return out;
        }
    }

    /**
     * One fixed-rate phase: latencies from each event's intended send time to the first output that
     * covers it, the time the pipeline needed to finish after the last send, and the costs.
     */
    public record RatePhase(
            int targetRate,
            double achievedRate,
            double seconds,
            long measuredEvents,
            int users,
            Latency eventToUserState,
            Latency eventToRecommendation,
            double drainSeconds,
            boolean drained,
            long deadLetters,
            List<ProcessSampler.Usage> processes,
            Cost cost,
            double loadAverage,
            List<Window> userStatesOverTime,
            List<Window> recommendationsOverTime) {}

    /**
     * Latency percentiles in milliseconds over the measured events; {@code uncovered} of them had
     * no output when the phase was cut off and count with the time they had waited then.
     */
    public record Latency(
            long count,
            long uncovered,
            double p50,
            double p95,
            double p99,
            double p999,
            double max,
            double mean) {
        /** The percentiles of {@code micros} (a histogram in microseconds). */
        public static Latency of(Histogram micros, long uncovered) {
            if (micros.getTotalCount() == 0) {
                return new Latency(0, uncovered, 0, 0, 0, 0, 0, 0);
            }
            return new Latency(
                    micros.getTotalCount(),
                    uncovered,
                    millis(micros.getValueAtPercentile(50)),
                    millis(micros.getValueAtPercentile(95)),
                    millis(micros.getValueAtPercentile(99)),
                    millis(micros.getValueAtPercentile(99.9)),
                    millis(micros.getMaxValue()),
                    millis(micros.getMean()));
        }

        private static double millis(double micros) {
            return Math.round(micros / 100.0) / 10.0;
        }
    }

    /** CPU per event of one process. */
    public record StageCost(String process, double microsPerEvent) {}

    /**
     * What an event costs: CPU microseconds per event of each process; Perch's pipeline (stream
     * jobs + model server) against the passthrough's floor; the broker, shared by both, is listed
     * on its own; and the cores the benchmark itself used.
     */
    public record Cost(
            long events,
            List<StageCost> stages,
            double pipelineMicrosPerEvent,
            double passthroughMicrosPerEvent,
            double pipelineOverPassthrough,
            double benchCores) {
        /** The costs of {@code events} events from the processes' usage over the same window. */
        public static Cost of(long events, List<ProcessSampler.Usage> usage) {
            List<StageCost> stages = new ArrayList<>();
            double pipeline = 0;
            double passthrough = 0;
            double bench = 0;
            for (ProcessSampler.Usage u : usage) {
                double micros = events <= 0 ? 0 : u.cpuSeconds() * 1e6 / events;
                stages.add(new StageCost(u.process(), round(micros)));
                if (u.process().equals(STREAM_JOBS) || isModelServer(u.process())) {
                    pipeline += micros;
                } else if (u.process().equals(PASSTHROUGH)) {
                    passthrough = micros;
                } else if (u.process().equals(BENCH)) {
                    bench = u.averageCores();
                }
            }
            double multiple = passthrough > 0 ? pipeline / passthrough : 0;
            return new Cost(
                    events, stages, round(pipeline), round(passthrough), round(multiple), bench);
        }
    }

    /** Whether {@code process} is a model-server instance (the first, or model-server-N). */
    static boolean isModelServer(String process) {
        return process.equals(MODEL_SERVER) || process.startsWith(MODEL_SERVER + "-");
    }

    /**
     * The highest target rate whose click-to-recommendation p99 stayed under one second with every
     * event answered and the pipeline drained; null when none did.
     */
    public static Integer highestRateUnderOneSecond(List<RatePhase> phases) {
        Integer best = null;
        for (RatePhase phase : phases) {
            Latency l = phase.eventToRecommendation();
            if (l.count() > 0
                    && l.uncovered() == 0
                    && l.p99() < 1000
                    && phase.drained()
                    && (best == null || phase.targetRate() > best)) {
                best = phase.targetRate();
            }
        }
        return best;
    }

    /** Writes bench.json and bench.md into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("bench.json").toFile(), this);
        Files.writeString(dir.resolve("bench.md"), markdown());
    }

    /** The summary as a markdown page. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# perch bench\n\n");
        md.append(
                String.format(
                        Locale.US,
                        "Machine: %s, %d cores, %,d MB, %s, %s. Events: %s.%n%nCommand: `%s`%n%n"
                                + "Model: %s.%n%n",
                        machine.cpu(),
                        machine.cores(),
                        machine.memoryMb(),
                        machine.os(),
                        machine.jvm(),
                        events,
                        command,
                        model.describe()));
        if (throughput != null) {
            md.append("## Sustained throughput (backlog produced at once)\n\n");
            md.append(backlog(throughput));
        }
        if (jitWarmUp != null) {
            md.append(
                    String.format(
                            Locale.US,
                            "## JIT warm-up: %,d events/s for %.0f s, not one of the measured"
                                    + " phases%n%n"
                                    + "Freshly started JVMs spend their first minutes compiling"
                                    + " their hot paths; the phases below start after this one"
                                    + " has drained. What a cold pipeline shows:%n%n"
                                    + LATENCY_HEADER,
                            jitWarmUp.targetRate(),
                            jitWarmUp.seconds()));
            md.append(latencyRows(jitWarmUp));
            md.append('\n');
            md.append(processes(jitWarmUp.processes()));
            md.append(cost(jitWarmUp.cost()));
        }
        if (!rates.isEmpty()) {
            md.append("## Latency at fixed rates, from each event's intended send time (ms)\n\n");
            md.append(LATENCY_HEADER);
            for (RatePhase phase : rates) {
                md.append(latencyRows(phase));
            }
            md.append(
                    String.format(
                            Locale.US,
                            "%nHighest rate with click-to-recommendation p99 < 1 s: %s.%n%n",
                            highestRateWithP99UnderOneSecond == null
                                    ? "none of the rates run"
                                    : String.format(
                                            Locale.US,
                                            "%,d events/s",
                                            highestRateWithP99UnderOneSecond)));
            for (RatePhase phase : rates) {
                md.append(
                        String.format(
                                Locale.US,
                                "### %,d events/s: %,d users, drained %.1f s after the last send"
                                        + "%s, %,d dead letters, load average (1 min) %.2f%n%n",
                                phase.targetRate(),
                                phase.users(),
                                phase.drainSeconds(),
                                phase.drained() ? "" : " (timed out)",
                                phase.deadLetters(),
                                phase.loadAverage()));
                md.append(overTime("user state", phase.userStatesOverTime()));
                md.append(overTime("recommendations", phase.recommendationsOverTime()));
                md.append(processes(phase.processes()));
                md.append(coresOverTime(phase.processes(), phase.recommendationsOverTime()));
                md.append(cost(phase.cost()));
            }
        }
        if (stagesAlone != null) {
            md.append(
                    String.format(
                            Locale.US,
                            "## Each stage alone (a second backlog, after the latency phases)%n%n"
                                    + "The model servers were stopped (SIGSTOP) while the stream"
                                    + " jobs turned the backlog into user states, then let go on"
                                    + " (SIGCONT); their seconds count from then. So each stage's"
                                    + " records/s is its own with the machine to itself (the"
                                    + " broker and the passthrough aside), on warm JVMs: the model"
                                    + " server's user states/s against the stream jobs' says which"
                                    + " of the two limits the pipeline. Model server / stream jobs:"
                                    + " %.2f.%n%n",
                            stagesAlone.userStatesPerSecond() > 0
                                    ? stagesAlone.modelServerStatesPerSecond()
                                            / stagesAlone.userStatesPerSecond()
                                    : 0));
            md.append(backlog(stagesAlone));
        }
        return md.toString();
    }

    /** A backlog phase's table of stages, its dead letters and its processes' cost. */
    private static String backlog(Throughput throughput) {
        StringBuilder md = new StringBuilder();
        md.append("| stage | records | seconds | records/s |\n|---|---:|---:|---:|\n");
        md.append(row("events produced", throughput.eventsProduced(), throughput.produceSeconds()));
        md.append(
                row(
                        "user states written (stream jobs)",
                        throughput.userStates(),
                        throughput.userStateSeconds()));
        md.append(
                row(
                        "user states consumed (model server)",
                        throughput.modelServerStatesConsumed(),
                        throughput.modelServerSeconds()));
        md.append(
                row(
                        "lists published (model server, coalesced per user)",
                        throughput.recommendations(),
                        throughput.recommendationSeconds()));
        md.append(
                row(
                        "events copied (Kafka passthrough)",
                        throughput.passthroughRecords(),
                        throughput.passthroughSeconds()));
        md.append(
                String.format(
                        Locale.US,
                        "%nDead letters: %,d. Drained: %s. Load average (1 min) at the end:"
                                + " %.2f.%n%n",
                        throughput.deadLetters(),
                        throughput.drained() ? "yes" : "no (timed out)",
                        throughput.loadAverage()));
        md.append(processes(throughput.processes()));
        md.append(cost(throughput.cost()));
        return md.toString();
    }

    private static String row(String stage, long records, double seconds) {
        return String.format(
                Locale.US,
                "| %s | %,d | %.1f | %,.0f |%n",
                stage,
                records,
                seconds,
                seconds > 0 ? records / seconds : 0);
    }

    /** The phase's two latency rows: event to user state, event to recommendations. */
    private static String latencyRows(RatePhase phase) {
        return latencyRow(phase, "event -> user state", phase.eventToUserState())
                + latencyRow(phase, "event -> recommendations", phase.eventToRecommendation());
    }

    private static String latencyRow(RatePhase phase, String stage, Latency l) {
        return String.format(
                Locale.US,
                "| %,d | %,.0f | %s | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                phase.targetRate(),
                phase.achievedRate(),
                stage,
                l.count(),
                l.uncovered(),
                l.p50(),
                l.p95(),
                l.p99(),
                l.p999(),
                l.max());
    }

    /** The phase's event-to-{@code stage} p50 / p99 per window, as one line. */
    private static String overTime(String stage, List<Window> windows) {
        if (windows == null || windows.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>(windows.size());
        for (Window w : windows) {
            parts.add(String.format(Locale.US, "%.0f / %.0f", w.p50(), w.p99()));
        }
        return String.format(
                Locale.US,
                "Event -> %s over the phase, p50 / p99 ms per %s s of intended send times: %s.%n%n",
                stage,
                length(windows.get(0)),
                String.join(", ", parts));
    }

    /** A window's length in seconds as the report writes it ("5", "2.5"). */
    private static String length(Window window) {
        return BigDecimal.valueOf(window.seconds()).stripTrailingZeros().toPlainString();
    }

    /**
     * Each process's average cores per window of the phase (wall clock from the measurement's
     * start, the windows' length that of {@code latencyWindows}), one line each: what was busy
     * while a window's latency rose.
     */
    private static String coresOverTime(
            List<ProcessSampler.Usage> usages, List<Window> latencyWindows) {
        StringBuilder md = new StringBuilder();
        for (ProcessSampler.Usage u : usages) {
            if (u.coresOverTime().isEmpty()) {
                continue;
            }
            if (md.length() == 0) {
                md.append(
                        String.format(
                                Locale.US,
                                "Cores per %s s of the phase (wall clock from its start):%n%n",
                                latencyWindows == null || latencyWindows.isEmpty()
                                        ? "window"
                                        : length(latencyWindows.get(0))));
            }
            List<String> parts = new ArrayList<>(u.coresOverTime().size());
            for (double cores : u.coresOverTime()) {
                parts.add(String.format(Locale.US, "%.2f", cores));
            }
            md.append(
                    String.format(Locale.US, "- %s: %s%n", u.process(), String.join(", ", parts)));
        }
        return md.length() == 0 ? "" : md.append("\n").toString();
    }

    private static String processes(List<ProcessSampler.Usage> usages) {
        StringBuilder md =
                new StringBuilder(
                        "| process | CPU s | avg cores | peak cores | peak RSS MB |\n"
                                + "|---|---:|---:|---:|---:|\n");
        for (ProcessSampler.Usage u : usages) {
            md.append(
                    String.format(
                            Locale.US,
                            "| %s | %.1f | %.2f | %.2f | %,d |%n",
                            u.process(),
                            u.cpuSeconds(),
                            u.averageCores(),
                            u.peakCores(),
                            u.peakRssMb()));
        }
        return md.append("\n").toString();
    }

    private static String cost(Cost cost) {
        StringBuilder md =
                new StringBuilder(
                        String.format(Locale.US, "CPU per event (%,d events): ", cost.events()));
        List<String> parts = new ArrayList<>();
        for (StageCost stage : cost.stages()) {
            parts.add(
                    String.format(
                            Locale.US, "%s %.1f µs", stage.process(), stage.microsPerEvent()));
        }
        md.append(String.join(", ", parts));
        md.append(
                String.format(
                        Locale.US,
                        ". Pipeline (stream jobs + model server) %.1f µs = %.1f x the passthrough's"
                                + " %.1f µs (the broker serves both and is listed apart). The"
                                + " benchmark itself: %.2f cores.%n%n",
                        cost.pipelineMicrosPerEvent(),
                        cost.pipelineOverPassthrough(),
                        cost.passthroughMicrosPerEvent(),
                        cost.benchCores()));
        return md.toString();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
