package dev.perch.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.eval.report.ResultRow;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalRunnerTest {
    private static final long DAY = 86_400_000L;
    @TempDir Path dir;

    /** A RetailRocket-format file: 400 visitors browsing planted item chains over 40 days. */
    private Path retailRocketFile(long start) throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,visitorid,event,itemid,transactionid\n");
        Random random = new Random(3);
        for (int v = 0; v < 400; v++) {
            long t = start + (long) (random.nextDouble() * 40 * DAY);
            int chain = random.nextInt(5);
            for (int step = 0; step < 4; step++) {
                csv.append(t + step * 60_000L)
                        .append(',')
                        .append(v)
                        .append(",view,")
                        .append(chain * 10 + step)
                        .append(",\n");
            }
            csv.append(t + 300_000L)
                    .append(',')
                    .append(v)
                    .append(",addtocart,")
                    .append(chain * 10 + 3)
                    .append(",\n");
        }
        Path file = dir.resolve("events.csv");
        Files.writeString(file, csv);
        return file;
    }

    private List<ResultRow> run(String protocol, Path file, long split) throws Exception {
        return new EvalRunner(new PrintStream(PrintStream.nullOutputStream()))
                .run(
                        new EvalSettings(
                                "retailrocket",
                                file,
                                protocol,
                                dir.resolve("out"),
                                List.of("markov", "most-popular", "perch"),
                                1.0,
                                0.5,
                                42,
                                split,
                                0,
                                "none",
                                false));
    }

    @Test
    @DisplayName("session-hc on a generated RetailRocket file: Markov finds the planted chain")
    void sessionHc() throws Exception {
        long start = 1_440_000_000_000L;
        Path file = retailRocketFile(start);
        List<ResultRow> rows = run("session-hc", file, start + 40 * DAY);
        ResultRow markov = rows.stream().filter(r -> r.method().equals("markov")).findFirst().get();
        assertThat(markov.events()).isGreaterThan(50);
        assertThat(markov.metrics().get("recall@20")).isEqualTo(1.0);
        assertThat(markov.metrics().get("mrr@20")).isEqualTo(1.0);
        ResultRow perch = rows.stream().filter(r -> r.method().equals("perch")).findFirst().get();
        assertThat(perch.metrics().get("recall@20")).isGreaterThan(0.9);
        assertThat(dir.resolve("out/report.json")).exists();
        assertThat(dir.resolve("out/report.md")).exists();
        assertThat(dir.resolve("out/hr10-session-hc-retailrocket.png")).exists();
    }

    @Test
    @DisplayName(
            "session-window on a generated RetailRocket file reports every window and the mean")
    void sessionWindow() throws Exception {
        Path file = retailRocketFile(1_440_000_000_000L);
        List<ResultRow> rows = run("session-window", file, 0);
        assertThat(rows).extracting(ResultRow::scope).contains("window 0", "average");
        ResultRow avg =
                rows.stream()
                        .filter(r -> r.method().equals("markov") && r.scope().equals("average"))
                        .findFirst()
                        .get();
        assertThat(avg.metrics().get("hr@20")).isEqualTo(1.0);
    }
}
