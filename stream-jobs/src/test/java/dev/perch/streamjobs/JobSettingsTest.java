package dev.perch.streamjobs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.streamjobs.itemstats.ItemStatisticsJobConfig;
import dev.perch.streamjobs.itemstats.ItemStatisticsJobMain;
import dev.perch.streamjobs.itemstats.ItemStatisticsJobOptions;
import dev.perch.streamjobs.userstate.UserStateJobConfig;
import dev.perch.streamjobs.userstate.UserStateJobMain;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName(
        "JobSettings: a misspelt perch.* setting is refused, not run on the default without a"
                + " word")
class JobSettingsTest {

    @Test
    @DisplayName("an unknown perch.* key is refused, naming it and the keys of its group")
    void unknownKeyRefused() {
        assertThatThrownBy(
                        () ->
                                JobSettings.requireKnown(
                                        Map.of("perch.user-state.half-lif", "3d"),
                                        UserStateJobOptions.ALL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting perch.user-state.half-lif")
                .hasMessageContaining("perch.user-state.half-life");
    }

    @Test
    @DisplayName(
            "known keys, fallback keys (perch.job.buffer-timeout for the item-statistics job) and"
                    + " Flink's own keys pass")
    void knownKeysPass() {
        assertThatCode(
                        () ->
                                JobSettings.requireKnown(
                                        Map.of(
                                                "perch.job.buffer-timeout", "20 ms",
                                                "perch.item-statistics.trending.window", "1 h",
                                                "state.backend.type", "rocksdb"),
                                        ItemStatisticsJobOptions.ALL))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName(
            "a key of the other job is unknown to a job alone, known to the local runner that"
                    + " gives its settings to both")
    void eachEntryPointKnowsItsJobs() {
        assertThatThrownBy(
                        () ->
                                JobSettings.requireKnown(
                                        Map.of("perch.item-statistics.trending.window", "1 h"),
                                        UserStateJobOptions.ALL))
                .hasMessageContaining("unknown setting");
        assertThatCode(
                        () ->
                                LocalStreamJobs.Options.parse(
                                        new String[] {
                                            "--perch.item-statistics.trending.window", "1 h",
                                            "--perch.user-state.half-life", "3 d"
                                        }))
                .doesNotThrowAnyException();
        assertThatThrownBy(
                        () ->
                                LocalStreamJobs.Options.parse(
                                        new String[] {"--perch.job.checkpoint-intervall", "5 s"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("perch.job.checkpoint-interval");
    }

    @Test
    @DisplayName("both jobs' entry points refuse a misspelt key before they build anything")
    void entryPointsRefuse() {
        assertThatThrownBy(
                        () ->
                                UserStateJobMain.main(
                                        new String[] {"--perch.user-state.half-lif", "3 d"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("perch.user-state.half-lif");
        assertThatThrownBy(
                        () ->
                                ItemStatisticsJobMain.main(
                                        new String[] {"perch.item-statistics.trending.windw=1 h"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("perch.item-statistics.trending.windw");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "perch.user-state.cached-items|-1|must not be negative",
                "perch.user-state.max-events-per-user-per-minute|0|must be >= 1",
                "perch.user-state.events-topic|' '|must not be blank",
                "perch.job.max-parallelism|0|must be 1 to 32768",
                "perch.job.max-parallelism|40000|must be 1 to 32768",
                "perch.job.checkpoint-interval|5 ms|must be >= 10 ms",
            })
    @DisplayName(
            "the user-state job refuses, naming the key, a value it cannot run with (an operator"
                    + " would fail in open and the job restart in a loop)")
    void userStateJobRefusesValuesItCannotRunWith(String key, String value, String rule) {
        assertThatThrownBy(() -> UserStateJobConfig.from(Configuration.fromMap(Map.of(key, value))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + " " + rule);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "perch.item-statistics.cached-items|-1|must not be negative",
                "perch.item-statistics.max-pending-per-item|-3|must not be negative",
                "perch.item-statistics.neighbors-topic|''|must not be blank",
                "perch.job.checkpoint-interval|0 s|must be >= 10 ms",
            })
    @DisplayName("the item-statistics job refuses, naming the key, a value it cannot run with")
    void itemStatisticsJobRefusesValuesItCannotRunWith(String key, String value, String rule) {
        assertThatThrownBy(
                        () ->
                                ItemStatisticsJobConfig.from(
                                        Configuration.fromMap(Map.of(key, value))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + " " + rule);
    }

    @Test
    @DisplayName("every default passes, for both jobs")
    void defaultsPass() {
        assertThatCode(UserStateJobConfig::defaults).doesNotThrowAnyException();
        assertThatCode(ItemStatisticsJobConfig::defaults).doesNotThrowAnyException();
    }
}
