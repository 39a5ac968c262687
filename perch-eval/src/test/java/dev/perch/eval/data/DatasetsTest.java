package dev.perch.eval.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.eval.UserSample;
import dev.perch.events.EventType;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir Path dir;

    @Test
    @DisplayName("ADER periods: one list per period in numeric order, day p, file order kept")
    void aderPeriods() throws Exception {
        Files.writeString(dir.resolve("period_10.txt"), "9 z\n");
        Files.writeString(dir.resolve("period_0.txt"), "1 a\n1 b\n2 a\n");
        Files.writeString(dir.resolve("period_2.txt"), "3 c\n");
        long[] rejected = new long[1];
        List<List<Interaction>> periods = Datasets.aderPeriods(dir, rejected);
        assertThat(periods).hasSize(3);
        assertThat(periods.get(0)).extracting(Interaction::item).containsExactly("a", "b", "a");
        assertThat(periods.get(0)).extracting(Interaction::session).containsExactly("1", "1", "2");
        assertThat(periods.get(0).get(0).time()).isEqualTo(Datasets.SYNTHETIC_START);
        assertThat(periods.get(0).get(1).time()).isGreaterThan(periods.get(0).get(0).time());
        assertThat(periods.get(1).get(0).time())
                .isEqualTo(Datasets.SYNTHETIC_START + 2 * 86_400_000L);
        assertThat(periods.get(2).get(0).item()).isEqualTo("z");
        assertThat(rejected[0]).isZero();
    }

    @Test
    @DisplayName("ADER periods: a malformed line is counted as rejected, the rest still read")
    void aderPeriodsCountMalformedLines() throws Exception {
        Files.writeString(dir.resolve("period_0.txt"), "1 a\nno-item-here\n2 b\n");
        long[] rejected = new long[1];
        List<List<Interaction>> periods = Datasets.aderPeriods(dir, rejected);
        assertThat(periods.get(0)).extracting(Interaction::item).containsExactly("a", "b");
        assertThat(rejected[0]).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "MovieLens-1M sequences: VIEW events at start + position minutes, users interleaved")
    void movieLensSequences() throws Exception {
        Path file = dir.resolve("seq.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(
                    ("user_id\tmovie_id\tseq_idx\tsplit\n1\t10\t0\ttrain\n1\t11\t1\tval\n"
                                    + "2\t12\t0\ttrain\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        List<Interaction> events = Datasets.movieLensSequences(file);
        assertThat(events).extracting(Interaction::item).containsExactly("10", "12", "11");
        assertThat(events).extracting(Interaction::type).containsOnly(EventType.VIEW);
        assertThat(events.get(2).time() - events.get(0).time())
                .isEqualTo(Datasets.ML1M_STEP_MILLIS);
    }

    @Test
    @DisplayName("the user sample is deterministic, about the share asked, everything at 1")
    void userSample() {
        Predicate<String> tenth = UserSample.of(0.1, 42);
        long kept = IntStream.range(0, 20_000).mapToObj(i -> "u" + i).filter(tenth).count();
        assertThat(kept).isBetween(1_700L, 2_300L);
        assertThat(UserSample.of(0.1, 42).test("u7")).isEqualTo(tenth.test("u7"));
        assertThat(UserSample.of(1.0, 42).test("anyone")).isTrue();
    }
}
