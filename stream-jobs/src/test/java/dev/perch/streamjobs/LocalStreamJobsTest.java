package dev.perch.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.streamjobs.itemstats.ItemStatisticsJobConfig;
import dev.perch.streamjobs.userstate.UserStateJobConfig;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("LocalStreamJobs: the settings both local jobs run with")
class LocalStreamJobsTest {

    @Test
    @DisplayName(
            "both jobs checkpoint every 30 s, the jobs' default on a cluster (a checkpoint flushes"
                    + " RocksDB's memtables: every 5 s cost CPU per event), unless an argument"
                    + " sets the interval")
    void checkpointIntervalIsTheJobsDefault() {
        Configuration plain =
                LocalStreamJobs.jobSettings(
                        LocalStreamJobs.Options.parse(new String[] {"--bootstrap", "b:9092"}));
        assertThat(UserStateJobConfig.from(plain).checkpointInterval())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(ItemStatisticsJobConfig.from(plain).checkpointInterval())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(UserStateJobConfig.from(plain).bootstrapServers()).isEqualTo("b:9092");

        Configuration given =
                LocalStreamJobs.jobSettings(
                        LocalStreamJobs.Options.parse(
                                new String[] {"--perch.job.checkpoint-interval", "5 s"}));
        assertThat(UserStateJobConfig.from(given).checkpointInterval())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(ItemStatisticsJobConfig.from(given).checkpointInterval())
                .isEqualTo(Duration.ofSeconds(5));
    }
}
