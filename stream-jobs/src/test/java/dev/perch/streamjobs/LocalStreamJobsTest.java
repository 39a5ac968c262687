package dev.perch.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.streamjobs.itemstats.ItemStatisticsJobConfig;
import dev.perch.streamjobs.userstate.UserStateJobConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.changelog.fs.FsStateChangelogOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
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

    @Test
    @DisplayName(
            "the local cluster runs the changelog state backend over RocksDB, its log on the file"
                    + " system under the data directory (a checkpoint then persists the log"
                    + " instead of flushing RocksDB in the task thread)")
    void checkpointsPersistAChangelogUnderTheDataDirectory() {
        LocalStreamJobs.Options options =
                LocalStreamJobs.Options.parse(
                        new String[] {"--bootstrap", "b:9092", "--data-dir", "/var/perch"});
        Configuration cluster = LocalStreamJobs.clusterConfiguration(options).getConfiguration();
        assertThat(cluster.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(cluster.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isTrue();
        assertThat(cluster.get(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE))
                .isEqualTo("filesystem");
        assertThat(cluster.get(FsStateChangelogOptions.BASE_PATH))
                .isEqualTo(Path.of("/var/perch/flink/changelog").toUri().toString());
    }
}
