package dev.perch.streamjobs.itemstats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The item-statistics job's graph as Flink builds it (no cluster, no broker: nothing runs). */
class ItemStatisticsJobGraphTest {

    /**
     * The enrichment is keyed by item, and so are the trending panes: the panes run in the
     * enrichment's task, so a visit is not serialized and handed to another thread between them.
     * With the keyed exchange back, they are two vertices and this fails.
     */
    @Test
    void trendingPanesRunInTheEnrichmentsTask() {
        for (int parallelism : new int[] {1, 4}) {
            List<String> vertices = vertexNames(parallelism);

            assertThat(vertices)
                    .as("parallelism %d: %s", parallelism, vertices)
                    .anySatisfy(
                            name ->
                                    assertThat(name)
                                            .contains("enrich with catalog")
                                            .contains("trending counts per item and window"));
        }
    }

    /** The other keyed exchanges stay: each re-partitions by another key. */
    @Test
    void keepsTheExchangesThatChangeTheKey() {
        List<String> vertices = vertexNames(2);

        assertThat(vertices)
                .anySatisfy(name -> assertThat(name).startsWith("co-visits and transitions"))
                .anySatisfy(
                        name ->
                                assertThat(name)
                                        .startsWith("update neighbours, followers and popularity"))
                .anySatisfy(name -> assertThat(name).startsWith("top trending per scope"));
    }

    private static List<String> vertexNames(int parallelism) {
        Configuration c = new Configuration();
        c.set(UserStateJobOptions.BOOTSTRAP_SERVERS, "localhost:1");
        ItemStatisticsJobConfig config = ItemStatisticsJobConfig.from(c);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ItemStatisticsJob.configure(env, config);
        env.setParallelism(parallelism);
        ItemStatisticsJob.onKafka(config).build(env);
        List<String> names = new ArrayList<>();
        for (JobVertex vertex : env.getStreamGraph().getJobGraph().getVertices()) {
            names.add(vertex.getName());
        }
        return names;
    }
}
