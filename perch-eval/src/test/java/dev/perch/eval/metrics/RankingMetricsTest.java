package dev.perch.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    @Test
    @DisplayName("a hit at rank 1 counts fully: HR 1, NDCG 1, MRR 1")
    void hitAtTop() {
        RankingMetrics m = new RankingMetrics();
        m.add(List.of("a", "b", "c"), "a");
        assertThat(m.hr10()).isEqualTo(1.0);
        assertThat(m.ndcg10()).isEqualTo(1.0);
        assertThat(m.mrr20()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("hand-computed: ranks 3, 12 and a miss over three targets")
    void handComputed() {
        RankingMetrics m = new RankingMetrics();
        m.addRank(3);
        m.addRank(12);
        m.addRank(0);
        assertThat(m.count()).isEqualTo(3);
        assertThat(m.hr10()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m.hr20()).isCloseTo(2.0 / 3, within(1e-12));
        // NDCG@10: 1/log2(3+1) = 0.5 for the hit at rank 3, nothing else within 10.
        assertThat(m.ndcg10()).isCloseTo(0.5 / 3, within(1e-12));
        // MRR@20: (1/3 + 1/12) / 3; MRR@10 only counts rank 3.
        assertThat(m.mrr20()).isCloseTo((1.0 / 3 + 1.0 / 12) / 3, within(1e-12));
        assertThat(m.mrr10()).isCloseTo((1.0 / 3) / 3, within(1e-12));
    }

    @Test
    @DisplayName("rank 21 is a miss for every cut-off")
    void beyondTwenty() {
        RankingMetrics m = new RankingMetrics();
        m.addRank(21);
        assertThat(m.hr20()).isZero();
        assertThat(m.mrr20()).isZero();
    }

    @Test
    @DisplayName("coverage counts distinct items of the top-10 lists over the catalogue")
    void coverage() {
        RankingMetrics m = new RankingMetrics();
        List<String> eleven = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
        m.add(eleven, "x");
        m.add(List.of("1", "12"), "x");
        assertThat(m.recommendedItems()).isEqualTo(11); // "11" is 11th: outside the top 10
        assertThat(m.coverage(22)).isEqualTo(0.5);
    }

    @Test
    @DisplayName("addAll pools outcomes as if added one by one")
    void pooling() {
        RankingMetrics a = new RankingMetrics();
        RankingMetrics b = new RankingMetrics();
        a.addRank(1);
        b.addRank(0);
        a.addAll(b);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.hr10()).isEqualTo(0.5);
    }

    @Test
    @DisplayName("sampled rank counts ties against the target")
    void sampledTies() {
        assertThat(SampledRank.of(5, new double[] {1, 5, 7})).isEqualTo(3);
        assertThat(SampledRank.of(5, new double[] {1, 2})).isEqualTo(1);
        assertThat(SampledRank.of(0, new double[] {0, 0, 0})).isEqualTo(4);
    }

    @Test
    @DisplayName("the timeline has one HR@10 point per full bucket, and the rest")
    void timeline() {
        Timeline.Builder b = new Timeline.Builder(2);
        b.add(1);
        b.add(0);
        b.add(11);
        Timeline t = b.build();
        assertThat(t.hr10()).containsExactly(0.5, 0.0);
        assertThat(t.labels()).containsExactly(0.0, 1.0);
    }
}
