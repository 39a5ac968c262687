package dev.perch.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The result of one {@code perch bench} run: the machine, the sustained throughput from a backlog,
 * and the latency at each fixed rate; written as bench.json and a markdown summary.
 */
public record BenchReport(
        Machine machine, String events, Throughput throughput, List<RatePhase> rates) {

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
    }

    /**
     * The backlog phase: everything produced at once, then the time until the outputs caught up.
     */
    public record Throughput(
            long eventsProduced,
            double produceSeconds,
            long userStates,
            double userStateSeconds,
            double userStatesPerSecond,
            long recommendations,
            double recommendationSeconds,
            double recommendationsPerSecond,
            long deadLetters,
            List<ProcessSampler.Usage> processes) {}

    /** One fixed-rate phase. */
    public record RatePhase(
            int targetRate,
            double achievedRate,
            double seconds,
            Latency eventToUserState,
            Latency eventToRecommendation,
            List<ProcessSampler.Usage> processes) {}

    /** Latency percentiles in milliseconds. */
    public record Latency(long count, long p50, long p95, long p99, long max, double mean) {
        /** The percentiles of {@code histogram}. */
        public static Latency of(Histogram histogram) {
            if (histogram.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0);
            }
            return new Latency(
                    histogram.getTotalCount(),
                    histogram.getValueAtPercentile(50),
                    histogram.getValueAtPercentile(95),
                    histogram.getValueAtPercentile(99),
                    histogram.getMaxValue(),
                    Math.round(histogram.getMean() * 10) / 10.0);
        }
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
                        "Machine: %s, %d cores, %,d MB, %s, %s. Events: %s.%n%n",
                        machine.cpu(),
                        machine.cores(),
                        machine.memoryMb(),
                        machine.os(),
                        machine.jvm(),
                        events));
        if (throughput != null) {
            md.append("## Sustained throughput (backlog replayed as fast as possible)\n\n");
            md.append("| stage | records | seconds | records/s |\n|---|---:|---:|---:|\n");
            md.append(
                    row(
                            "events produced",
                            throughput.eventsProduced(),
                            throughput.produceSeconds()));
            md.append(
                    row(
                            "user states (Flink)",
                            throughput.userStates(),
                            throughput.userStateSeconds()));
            md.append(
                    row(
                            "recommendations (model server, coalesced)",
                            throughput.recommendations(),
                            throughput.recommendationSeconds()));
            md.append(
                    String.format(Locale.US, "%nDead letters: %,d.%n%n", throughput.deadLetters()));
            md.append(processes(throughput.processes()));
        }
        if (!rates.isEmpty()) {
            md.append("## Click-to-recommendation latency at fixed rates (ms)\n\n");
            md.append(
                    "| target ev/s | achieved ev/s | stage | count | p50 | p95 | p99 | max |\n"
                            + "|---:|---:|---|---:|---:|---:|---:|---:|\n");
            for (RatePhase phase : rates) {
                md.append(latencyRow(phase, "event -> user state", phase.eventToUserState()));
                md.append(
                        latencyRow(
                                phase, "event -> recommendations", phase.eventToRecommendation()));
            }
            md.append("\n");
            for (RatePhase phase : rates) {
                md.append(
                        String.format(
                                Locale.US, "Processes at %,d events/s:%n%n", phase.targetRate()));
                md.append(processes(phase.processes()));
            }
        }
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

    private static String latencyRow(RatePhase phase, String stage, Latency l) {
        return String.format(
                Locale.US,
                "| %,d | %,.0f | %s | %,d | %d | %d | %d | %d |%n",
                phase.targetRate(),
                phase.achievedRate(),
                stage,
                l.count(),
                l.p50(),
                l.p95(),
                l.p99(),
                l.max());
    }

    private static String processes(List<ProcessSampler.Usage> usages) {
        StringBuilder md =
                new StringBuilder(
                        "| process | avg cores | peak cores | peak RSS MB |\n"
                                + "|---|---:|---:|---:|\n");
        for (ProcessSampler.Usage u : usages) {
            md.append(
                    String.format(
                            Locale.US,
                            "| %s | %.2f | %.2f | %,d |%n",
                            u.process(),
                            u.averageCores(),
                            u.peakCores(),
                            u.peakRssMb()));
        }
        return md.append("\n").toString();
    }
}
