package dev.perch.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir Path dir;

    private static ResultRow row(String method, String protocol, String dataset, double hr10) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("hr@10", hr10);
        m.put("hr@20", 0.5);
        m.put("ndcg@10", 0.25);
        m.put("mrr@20", 0.125);
        m.put("coverage", 0.1);
        return new ResultRow(method, protocol, dataset, "all", m, 100, 10, 1.5, "a note");
    }

    @Test
    @DisplayName("report.json has a results list with the issue's keys, report.md a table")
    void writes() throws Exception {
        ReportWriter.write(dir, List.of(row("markov", "prequential", "ml", 0.3)));
        JsonNode r =
                new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("results");
        assertThat(r).hasSize(1);
        JsonNode first = r.get(0);
        for (String key :
                List.of(
                        "method",
                        "protocol",
                        "dataset",
                        "hr@10",
                        "hr@20",
                        "ndcg@10",
                        "mrr@20",
                        "coverage",
                        "events",
                        "users")) {
            assertThat(first.has(key)).as(key).isTrue();
        }
        assertThat(first.get("hr@10").asDouble()).isEqualTo(0.3);
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("## prequential on ml, all");
        assertThat(md).contains("| markov | 0.3000 | 0.5000 | 0.2500 |");
    }

    @Test
    @DisplayName("a later run replaces rows of its protocol and dataset and keeps the others")
    void merges() throws Exception {
        ReportWriter.write(
                dir,
                List.of(
                        row("markov", "prequential", "ml", 0.3),
                        row("pop", "continual", "yc", 0.1)));
        ReportWriter.write(dir, List.of(row("markov", "prequential", "ml", 0.4)));
        JsonNode r =
                new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("results");
        assertThat(r).hasSize(2);
        assertThat(r.get(0).get("protocol").asText()).isEqualTo("continual");
        assertThat(r.get(1).get("hr@10").asDouble()).isEqualTo(0.4);
    }
}
