package dev.perch.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.perch.eval.report.ResultRow;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short runs on the staged real datasets (samples), skipped when the files are absent. */
class RealDataITCase {
    @TempDir Path out;

    private List<ResultRow> run(
            String dataset,
            Path events,
            String protocol,
            List<String> methods,
            double share,
            int minItems)
            throws Exception {
        return new EvalRunner(new PrintStream(PrintStream.nullOutputStream()))
                .run(
                        new EvalSettings(
                                dataset,
                                events,
                                protocol,
                                out,
                                methods,
                                share,
                                0.5,
                                42,
                                dev.perch.eval.protocol.SessionHc.SPLIT_MILLIS,
                                minItems,
                                "none",
                                false));
    }

    private static ResultRow find(List<ResultRow> rows, String method, String scope) {
        return rows.stream()
                .filter(r -> r.method().equals(method) && r.scope().equals(scope))
                .findFirst()
                .orElseThrow();
    }

    @Test
    @DisplayName(
            "MovieLens-1M leave-one-out: sampled popularity within 5% of SASRec's 0.4329 / 0.2377")
    void reproducesPublishedPopularity() throws Exception {
        Path file = StagedData.require("movielens-1m/ml-1m_user_item_sequence.tsv.gz");
        List<ResultRow> rows =
                run("movielens-1m", file, "leave-one-out", List.of("most-popular"), 1.0, 5);
        ResultRow sampled = find(rows, "most-popular", "sampled");
        assertThat(sampled.users()).isEqualTo(6040);
        assertThat(sampled.metrics().get("hr@10")).isCloseTo(0.4329, within(0.4329 * 0.05));
        assertThat(sampled.metrics().get("ndcg@10")).isCloseTo(0.2377, within(0.2377 * 0.05));
    }

    @Test
    @DisplayName(
            "MovieLens-100K prequential on a user sample: Perch and Markov beat nothing-learnt")
    void prequentialSample() throws Exception {
        Path file = StagedData.require("movielens-100k/ml-100k.inter");
        List<ResultRow> rows =
                run(
                        "movielens-100k",
                        file,
                        "prequential",
                        List.of("most-popular", "perch"),
                        0.2,
                        0);
        assertThat(find(rows, "most-popular", "all").events()).isGreaterThan(1000);
        assertThat(find(rows, "perch", "all").metrics().get("hr@10")).isGreaterThan(0.01);
    }

    @Test
    @DisplayName("Diginetica continual on three periods and a session sample runs per period")
    void continualSample() throws Exception {
        Path periods = StagedData.require("diginetica/ader_periods");
        Path three = out.resolve("periods");
        Files.createDirectories(three);
        for (int p = 0; p < 3; p++) {
            Files.createSymbolicLink(
                    three.resolve("period_" + p + ".txt"), periods.resolve("period_" + p + ".txt"));
        }
        List<ResultRow> rows =
                run("diginetica", three, "continual", List.of("markov", "perch"), 0.1, 0);
        assertThat(rows).extracting(ResultRow::scope).contains("period 1", "period 2", "average");
        assertThat(find(rows, "perch", "average").metrics().get("recall@20")).isGreaterThan(0.05);
        assertThat(Files.exists(out.resolve("hr10-continual-diginetica-sample0.1.png"))).isTrue();
    }
}
