package dev.perch.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.eval.data.Interaction;
import dev.perch.eval.method.MarkovChain;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContinualTest {

    @Test
    @DisplayName(
            "period 0 only trains; in later periods every click after a session's first is a"
                    + " target")
    void targets() {
        List<List<Interaction>> periods =
                List.of(
                        List.of(Interaction.click("s0", "a", 1), Interaction.click("s0", "b", 2)),
                        List.of(
                                Interaction.click("s1", "a", 3),
                                Interaction.click("s2", "c", 4),
                                Interaction.click("s1", "b", 5),
                                Interaction.click("s1", "c", 6)),
                        List.of(Interaction.click("s3", "b", 7), Interaction.click("s3", "c", 8)));
        Continual continual = new Continual(periods);
        assertThat(continual.targets(s -> true)).isEqualTo(3);
        MethodRun run = continual.run(new MarkovChain(), s -> true, () -> {});
        // period 1: a->b known from period 0 (hit); b->c unknown until period 1 is learnt (miss)
        assertThat(run.scope("period 1").count()).isEqualTo(2);
        assertThat(run.scope("period 1").hr20()).isEqualTo(0.5);
        // period 2: b->c was learnt after period 1 was tested (hit)
        assertThat(run.scope("period 2").hr20()).isEqualTo(1.0);
        assertThat(run.scope("all").count()).isEqualTo(3);
        assertThat(run.timeline().labels()).containsExactly(1.0, 2.0);
    }
}
