package dev.perch.streamjobs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.streamjobs.itemstats.ItemStatisticsJobMain;
import dev.perch.streamjobs.itemstats.ItemStatisticsJobOptions;
import dev.perch.streamjobs.userstate.UserStateJobMain;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
}
