package dev.perch.featurestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.access.KafkaClientProperties;
import dev.perch.events.ConsumerFetch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStoreUpdaterPropertiesTest {
    @Test
    @DisplayName(
            "the updater's fetches wait for a batch (at most 100 ms: no list waits for its records)"
                    + " instead of one round per new record, unless the client's own properties say"
                    + " otherwise")
    void fetchesWaitForABatch(@TempDir Path dir) throws Exception {
        Properties plain =
                FeatureStoreUpdater.consumerProperties("host:9092", KafkaClientProperties.none());
        assertThat(plain.get("fetch.min.bytes"))
                .isEqualTo(Integer.toString(ConsumerFetch.MIN_BYTES));
        assertThat(plain.get("fetch.max.wait.ms")).isEqualTo("100");
        assertThat(plain.get("isolation.level")).isEqualTo("read_committed");

        Path file = dir.resolve("client.properties");
        Files.writeString(file, "fetch.max.wait.ms=3\n");
        Properties own =
                FeatureStoreUpdater.consumerProperties(
                        "host:9092", KafkaClientProperties.load(file));
        assertThat(own.get("fetch.max.wait.ms")).isEqualTo("3");
        assertThat(own.get("fetch.min.bytes")).isEqualTo(Integer.toString(ConsumerFetch.MIN_BYTES));
    }
}
