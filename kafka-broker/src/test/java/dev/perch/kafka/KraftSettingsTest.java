package dev.perch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local broker's generated configuration. */
@DisplayName("KraftSettings: the local broker's server.properties")
class KraftSettingsTest {
    @TempDir Path data;

    @Test
    @DisplayName(
            "the log cleaner is throttled, so a cold cleaning cannot take a core of a small"
                    + " machine for a second")
    void logCleanerIsThrottled() {
        Properties server =
                KraftSettings.resolve(data, BrokerOptions.defaults()).serverProperties();
        double limit =
                Double.parseDouble(server.getProperty("log.cleaner.io.max.bytes.per.second"));
        // a cold cleaning processed 25-60 MB/s on one core: the bound keeps it well under that
        assertThat(limit).isPositive().isLessThanOrEqualTo(16 * 1024 * 1024);
        assertThat(server.getProperty("log.cleaner.threads")).isEqualTo("1");
    }
}
