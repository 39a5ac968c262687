package dev.perch.streamjobs.itemstats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.core.itemstats.CoVisitationSettings;
import dev.perch.core.itemstats.TrendingSettings;
import dev.perch.streamjobs.DeadLetters;
import dev.perch.streamjobs.userstate.UserStateJobConfig;
import dev.perch.streamjobs.userstate.UserStateJobMain;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ItemStatisticsJobOptionsTest {
    @Test
    @DisplayName("the defaults are perch-core's co-visitation and trending defaults")
    void defaults() {
        ItemStatisticsJobConfig config = ItemStatisticsJobConfig.defaults();

        assertThat(config.coVisitation()).isEqualTo(CoVisitationSettings.DEFAULTS);
        assertThat(config.trending()).isEqualTo(TrendingSettings.DEFAULTS);
        assertThat(config.input().stage()).isEqualTo(DeadLetters.ITEM_STATISTICS_STAGE);
        assertThat(config.maxParallelism()).isEqualTo(128);
    }

    @Test
    @DisplayName("arguments override the defaults, typed; shared keys reach both jobs")
    void argumentsOverride() {
        Configuration c =
                Configuration.fromMap(
                        UserStateJobMain.parse(
                                new String[] {
                                    "--perch.item-statistics.trending.window",
                                    "30 min",
                                    "perch.job.checkpoint-interval=5 s"
                                }));

        assertThat(ItemStatisticsJobConfig.from(c).trending().window())
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(ItemStatisticsJobConfig.from(c).checkpointInterval())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(UserStateJobConfig.from(c).checkpointInterval())
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName(
            "the item-statistics job waits up to 50 ms per network buffer and the user-state job"
                    + " 5 ms; perch.job.buffer-timeout alone sets both, the job's own key wins")
    void bufferTimeouts() {
        assertThat(ItemStatisticsJobConfig.defaults().bufferTimeout())
                .isEqualTo(Duration.ofMillis(50));
        assertThat(UserStateJobConfig.defaults().bufferTimeout()).isEqualTo(Duration.ofMillis(5));

        Configuration shared =
                Configuration.fromMap(
                        UserStateJobMain.parse(new String[] {"perch.job.buffer-timeout=20 ms"}));
        assertThat(ItemStatisticsJobConfig.from(shared).bufferTimeout())
                .isEqualTo(Duration.ofMillis(20));
        assertThat(UserStateJobConfig.from(shared).bufferTimeout())
                .isEqualTo(Duration.ofMillis(20));

        Configuration both =
                Configuration.fromMap(
                        UserStateJobMain.parse(
                                new String[] {
                                    "perch.job.buffer-timeout=20 ms",
                                    "perch.item-statistics.buffer-timeout=100 ms"
                                }));
        assertThat(ItemStatisticsJobConfig.from(both).bufferTimeout())
                .isEqualTo(Duration.ofMillis(100));
        assertThat(UserStateJobConfig.from(both).bufferTimeout()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    @DisplayName("settings that break the shared rules' invariants are refused at start-up")
    void invalidSettingsFail() {
        Configuration window = new Configuration();
        window.set(ItemStatisticsJobOptions.TRENDING_WINDOW, Duration.ofMinutes(7));
        Configuration published = new Configuration();
        published.set(ItemStatisticsJobOptions.PUBLISHED_NEIGHBORS, 500);

        assertThatThrownBy(() -> ItemStatisticsJobConfig.from(window))
                .hasMessageContaining("multiple");
        assertThatThrownBy(() -> ItemStatisticsJobConfig.from(published))
                .hasMessageContaining("publishedNeighbors");
    }

    @Test
    @DisplayName("the operations guide documents every option of both jobs")
    void operationsGuideListsEveryOption() throws Exception {
        String guide = Files.readString(Path.of("../docs/operations.md"));

        ItemStatisticsJobOptions.ALL.forEach(o -> assertThat(guide).contains("`" + o.key() + "`"));
        UserStateJobOptions.ALL.forEach(o -> assertThat(guide).contains("`" + o.key() + "`"));
    }
}
