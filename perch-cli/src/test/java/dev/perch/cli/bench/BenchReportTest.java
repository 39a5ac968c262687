package dev.perch.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

    private static ProcessSampler.Usage usage(String name, double cpuSeconds, double cores) {
        return new ProcessSampler.Usage(name, cpuSeconds, cores, cores, 100);
    }

    @Test
    @DisplayName("CPU per event of each process, and the pipeline as a multiple of the passthrough")
    void costPerEvent() {
        BenchReport.Cost cost =
                BenchReport.Cost.of(
                        100_000,
                        List.of(
                                usage(BenchReport.KAFKA, 5.0, 0.1),
                                usage(BenchReport.STREAM_JOBS, 20.0, 0.3),
                                usage(BenchReport.MODEL_SERVER, 10.0, 0.2),
                                usage(BenchReport.PASSTHROUGH, 2.0, 0.03),
                                usage(BenchReport.BENCH, 3.0, 0.05)));
        assertThat(cost.stages())
                .extracting(BenchReport.StageCost::microsPerEvent)
                .containsExactly(50.0, 200.0, 100.0, 20.0, 30.0);
        assertThat(cost.pipelineMicrosPerEvent()).isEqualTo(300.0);
        assertThat(cost.passthroughMicrosPerEvent()).isEqualTo(20.0);
        assertThat(cost.pipelineOverPassthrough()).isEqualTo(15.0);
        assertThat(cost.benchCores()).isEqualTo(0.05);
    }

    @Test
    @DisplayName("every model-server instance (--model-servers) counts in the pipeline's cost")
    void everyModelServerInstanceCounts() {
        BenchReport.Cost cost =
                BenchReport.Cost.of(
                        100_000,
                        List.of(
                                usage(BenchReport.STREAM_JOBS, 20.0, 0.3),
                                usage(BenchReport.MODEL_SERVER, 10.0, 0.2),
                                usage(BenchReport.MODEL_SERVER + "-2", 6.0, 0.1),
                                usage(BenchReport.PASSTHROUGH, 2.0, 0.03)));
        assertThat(cost.pipelineMicrosPerEvent()).isEqualTo(360.0);
        assertThat(cost.pipelineOverPassthrough()).isEqualTo(18.0);
    }

    private static BenchReport.RatePhase phase(
            int rate, double p99, long uncovered, boolean drained) {
        return phase(rate, p99, uncovered, drained, List.of());
    }

    private static BenchReport.RatePhase phase(
            int rate,
            double p99,
            long uncovered,
            boolean drained,
            List<BenchReport.Window> windows) {
        BenchReport.Latency l = new BenchReport.Latency(1000, uncovered, 10, 20, p99, p99, p99, 12);
        return new BenchReport.RatePhase(
                rate,
                rate,
                60,
                1000,
                10,
                l,
                l,
                1,
                drained,
                0,
                List.of(),
                BenchReport.Cost.of(1000, List.of()),
                0.5,
                List.of(),
                windows);
    }

    @Test
    @DisplayName(
            "the highest rate under 1 s p99 counts only phases where every event got its list and"
                    + " the pipeline drained")
    void highestRate() {
        assertThat(
                        BenchReport.highestRateUnderOneSecond(
                                List.of(
                                        phase(1000, 120, 0, true),
                                        phase(2000, 900, 0, true),
                                        phase(5000, 800, 12, true),
                                        phase(10000, 400, 0, false),
                                        phase(20000, 5000, 0, true))))
                .isEqualTo(2000);
        assertThat(BenchReport.highestRateUnderOneSecond(List.of(phase(1000, 1500, 0, true))))
                .isNull();
    }

    private static BenchReport report(BenchReport.Model model) {
        return new BenchReport(
                new BenchReport.Machine("Linux amd64", "cpu", 2, 1024, "jvm"),
                "bin/perch bench --events yc.txt",
                "yc.txt",
                model,
                null,
                null,
                null,
                List.of(),
                null);
    }

    /** A backlog of 60,000 events: states in {@code stateSeconds}, consumed in {@code served}. */
    private static BenchReport.Throughput backlog(
            double stateSeconds, double served, boolean alone) {
        List<ProcessSampler.Usage> usage =
                List.of(
                        new ProcessSampler.Usage(BenchReport.STREAM_JOBS, 12.0, 0.6, 1.9, 600),
                        new ProcessSampler.Usage("model-server", 9.0, 0.45, 1.8, 900));
        return new BenchReport.Throughput(
                60_000,
                5.0,
                59_300,
                stateSeconds,
                59_300 / stateSeconds,
                59_300,
                served,
                59_300 / served,
                16_000,
                served,
                16_000 / served,
                60_000,
                5.0,
                12_000,
                700,
                true,
                alone,
                usage,
                BenchReport.Cost.of(60_000, usage),
                1.0);
    }

    @Test
    @DisplayName(
            "a second backlog with each stage alone is its own section after the rates, with the"
                    + " model server's states/s over the stream jobs'; without one there is none")
    void stagesAloneApart(@TempDir Path dir) throws Exception {
        BenchReport report =
                new BenchReport(
                        new BenchReport.Machine("Linux amd64", "cpu", 2, 1024, "jvm"),
                        "bin/perch bench --events yc.txt --stages-alone",
                        "yc.txt",
                        BenchReport.Model.none(),
                        backlog(12.0, 20.0, false),
                        backlog(8.0, 4.0, true),
                        null,
                        List.of(phase(1000, 90.0, 0, true)),
                        1000);

        String md = report.markdown();
        assertThat(md).contains("## Sustained throughput (backlog produced at once)");
        String alone = md.substring(md.indexOf("## Each stage alone"));
        assertThat(md.indexOf("## Each stage alone"))
                .isGreaterThan(md.indexOf("## Latency at fixed rates"));
        assertThat(alone)
                .contains("Model server / stream jobs: 2.00.")
                .contains("| user states written (stream jobs) | 59,300 | 8.0 | 7,413 |")
                .contains("| user states consumed (model server) | 59,300 | 4.0 | 14,825 |");
        report.write(dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
        assertThat(json.get("stagesAlone").get("stagesAlone").asBoolean()).isTrue();
        assertThat(json.get("throughput").get("stagesAlone").asBoolean()).isFalse();
        assertThat(report(BenchReport.Model.none()).markdown()).doesNotContain("Each stage alone");
    }

    @Test
    @DisplayName(
            "bench.md and bench.json say which model ran: its version, the ranker kind it shipped,"
                    + " its sequence model and the training time, or none")
    void recordsTheModel(@TempDir Path dir) throws Exception {
        BenchReport.Model trained =
                new BenchReport.Model(
                        "trained at the start on the first 50,000 events of the file (not sent)",
                        "v20260101T000000Z-abcd",
                        "sequence-first",
                        true,
                        "s-1234",
                        48.2,
                        50_000);
        assertThat(report(trained).markdown())
                .contains(
                        "Model: v20260101T000000Z-abcd (ranker sequence-first) with sequence model"
                                + " s-1234, trained at the"
                                + " start on the first 50,000 events of the file (not sent), in"
                                + " 48.2 s.");
        report(trained).write(dir);
        JsonNode model =
                new ObjectMapper().readTree(dir.resolve("bench.json").toFile()).get("model");
        assertThat(model.get("version").asText()).isEqualTo("v20260101T000000Z-abcd");
        assertThat(model.get("ranker").asText()).isEqualTo("sequence-first");
        assertThat(model.get("sequenceModel").asBoolean()).isTrue();
        assertThat(model.get("trainingSeconds").asDouble()).isEqualTo(48.2);
        assertThat(model.get("trainEvents").asLong()).isEqualTo(50_000);

        assertThat(report(BenchReport.Model.none()).markdown())
                .contains("Model: none, the model server's built-in weighted-sum ranker");
    }

    /** A report of one measured rate after {@code jitWarmUp} (null: none), no backlog phase. */
    private static BenchReport rates(BenchReport.RatePhase jitWarmUp, BenchReport.RatePhase rate) {
        return new BenchReport(
                new BenchReport.Machine("Linux amd64", "cpu", 2, 1024, "jvm"),
                "bin/perch bench --events yc.txt",
                "yc.txt",
                BenchReport.Model.none(),
                null,
                null,
                jitWarmUp,
                List.of(rate),
                BenchReport.highestRateUnderOneSecond(List.of(rate)));
    }

    @Test
    @DisplayName(
            "the JIT warm-up is reported apart from the measured rates and never counts as one:"
                    + " a cold phase under 1 s p99 does not make its rate the highest")
    void jitWarmUpApart() {
        BenchReport.RatePhase cold = phase(250, 31_080.4, 0, true);
        BenchReport.RatePhase warm = phase(1000, 171.0, 0, true);
        BenchReport report = rates(cold, warm);

        String md = report.markdown();
        assertThat(md).contains("## JIT warm-up: 250 events/s for 60 s, not one of the measured");
        assertThat(md.substring(md.indexOf("## JIT warm-up"), md.indexOf("## Latency at fixed")))
                .contains("| 250 | 250 | event -> recommendations | 1,000 | 0 |")
                .contains("31080.4");
        assertThat(md.substring(md.indexOf("## Latency at fixed")))
                .doesNotContain("| 250 |")
                .contains("| 1,000 | 1,000 | event -> recommendations |")
                .contains("Highest rate with click-to-recommendation p99 < 1 s: 1,000 events/s.");
    }

    /** A window's latencies in microseconds: 1..100 times {@code step}. */
    private static Histogram latencies(long step) {
        Histogram h = new Histogram(3_600_000_000L, 2);
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * step);
        }
        return h;
    }

    @Test
    @DisplayName(
            "each rate's section shows its event-to-list p50 / p99 per window of intended send"
                    + " times, and bench.json carries the windows")
    void latencyOverThePhase(@TempDir Path dir) throws Exception {
        // 1..100 ms, then 10..1,000 ms: the lag grew
        List<BenchReport.Window> windows =
                BenchReport.Window.of(
                        List.of(latencies(1_000L), latencies(10_000L)), Duration.ofSeconds(5));
        assertThat(windows.get(1).fromSecond()).isEqualTo(5.0);
        assertThat(windows.get(0).p99()).isBetween(98.0, 100.0);
        assertThat(windows.get(1).p50()).isBetween(490.0, 510.0);

        BenchReport report = rates(null, phase(1000, 171.0, 0, true, windows));
        assertThat(report.markdown())
                .containsPattern(
                        "Event -> recommendations over the phase, p50 / p99 ms per 5 s of intended"
                                + " send times: 50 / (99|100), (50\\d|49\\d) / (99\\d|1000)\\.");
        report.write(dir);
        JsonNode json =
                new ObjectMapper()
                        .readTree(dir.resolve("bench.json").toFile())
                        .get("rates")
                        .get(0)
                        .get("recommendationsOverTime");
        assertThat(json).hasSize(2);
        assertThat(json.get(1).get("fromSecond").asDouble()).isEqualTo(5.0);
        assertThat(json.get(1).get("events").asLong()).isEqualTo(100);
    }

    @Test
    @DisplayName(
            "each rate's section shows its event-to-state p50 / p99 per window beside the"
                    + " event-to-list one, and each process's cores per window of the phase")
    void statesAndCoresOverThePhase(@TempDir Path dir) throws Exception {
        Histogram slow = latencies(10_000L); // 10..1,000 ms: the states lagged at first
        Histogram fast = latencies(1_000L); // 1..100 ms
        List<BenchReport.Window> states =
                BenchReport.Window.of(List.of(slow, fast), Duration.ofSeconds(5));
        List<BenchReport.Window> lists =
                BenchReport.Window.of(List.of(fast, fast), Duration.ofSeconds(5));
        BenchReport.Latency l = new BenchReport.Latency(200, 0, 10, 20, 99, 99, 99, 12);
        List<ProcessSampler.Usage> processes =
                List.of(
                        new ProcessSampler.Usage(
                                BenchReport.STREAM_JOBS, 8.0, 0.8, 1.6, 600, List.of(1.5, 0.25)),
                        new ProcessSampler.Usage(BenchReport.MODEL_SERVER, 4.0, 0.4, 0.9, 900));
        BenchReport.RatePhase phase =
                new BenchReport.RatePhase(
                        1000,
                        1000,
                        10,
                        200,
                        10,
                        l,
                        l,
                        1,
                        true,
                        0,
                        processes,
                        BenchReport.Cost.of(200, processes),
                        0.5,
                        states,
                        lists);
        BenchReport report = rates(null, phase);
        assertThat(report.markdown())
                .containsPattern(
                        "Event -> user state over the phase, p50 / p99 ms per 5 s of intended"
                                + " send times: (50\\d|49\\d) / (99\\d|1000), 50 / (99|100)\\.")
                .contains("Event -> recommendations over the phase")
                .contains("Cores per 5 s of the phase (wall clock from its start):")
                .contains("- stream-jobs: 1.50, 0.25\n")
                // a process sampled without windows gets no line
                .doesNotContain("- model-server:");
        report.write(dir);
        JsonNode rate =
                new ObjectMapper().readTree(dir.resolve("bench.json").toFile()).get("rates").get(0);
        assertThat(rate.get("userStatesOverTime")).hasSize(2);
        assertThat(rate.get("processes").get(0).get("coresOverTime")).hasSize(2);
    }
}
