package dev.perch.streamjobs.userstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.core.UserEventRate;
import dev.perch.core.UserStateSettings;
import dev.perch.streamjobs.UnknownItemPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UserStateJobOptionsTest {
    @Test
    @DisplayName("the defaults are the shared update rule's defaults")
    void defaults() {
        UserStateJobConfig config = UserStateJobConfig.defaults();

        assertThat(config.updateRule()).isEqualTo(UserStateSettings.DEFAULTS);
        assertThat(config.unknownItemPolicy())
                .isEqualTo(UnknownItemPolicy.ENRICH_WITHOUT_EMBEDDING);
        assertThat(config.maxParallelism()).isEqualTo(128);
    }

    @Test
    @DisplayName("arguments as --key value or key=value override the defaults, typed")
    void argumentsOverride() {
        Map<String, String> args =
                UserStateJobMain.parse(
                        new String[] {
                            "--perch.user-state.half-life",
                            "3 d",
                            "perch.user-state.weight.purchase=8",
                            "--perch.user-state.unknown-item-policy=DEAD_LETTER"
                        });
        UserStateJobConfig config = UserStateJobConfig.from(Configuration.fromMap(args));

        assertThat(config.updateRule().halfLife()).isEqualTo(Duration.ofDays(3));
        assertThat(config.updateRule().weights().purchase()).isEqualTo(8.0);
        assertThat(config.unknownItemPolicy()).isEqualTo(UnknownItemPolicy.DEAD_LETTER);
    }

    @Test
    @DisplayName("a setting that breaks the update rule's invariants is refused at start-up")
    void invalidSettingsFail() {
        Configuration c = new Configuration();
        c.set(UserStateJobOptions.MAX_RECENT_ITEMS, 0);

        assertThatThrownBy(() -> UserStateJobConfig.from(c)).hasMessageContaining("maxRecentItems");
    }

    @Test
    @DisplayName("the README documents every option key")
    void readmeListsEveryOption() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        UserStateJobOptions.ALL.forEach(o -> assertThat(readme).contains("`" + o.key() + "`"));
    }

    @Test
    @DisplayName("the per-user rate limit defaults to perch-core's, the collector's default too")
    void perUserLimitIsTheCollectors() {
        assertThat(UserStateJobConfig.defaults().maxEventsPerUserPerMinute())
                .isEqualTo(UserEventRate.DEFAULT_MAX_PER_MINUTE);
    }
}
