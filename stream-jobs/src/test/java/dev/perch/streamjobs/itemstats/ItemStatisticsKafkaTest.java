package dev.perch.streamjobs.itemstats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.streamjobs.KafkaRecord;
import dev.perch.streamjobs.userstate.UserStateJobOptions;
import dev.perch.streamjobs.userstate.UserStateKafka;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ItemStatisticsKafka: how the item-statistics job reads perch.events")
class ItemStatisticsKafkaTest {

    @Test
    @DisplayName(
            "its events source fetches as beside the click-to-list path (64 KiB or 100 ms), the"
                    + " user-state job's as on it (10 ms)")
    void eventsAreFetchedInLargerBatchesThanTheUserStateJobs() throws Exception {
        Properties itemStatistics =
                consumerProperties(
                        ItemStatisticsKafka.eventsSource(ItemStatisticsJobConfig.defaults()));
        assertThat(itemStatistics)
                .containsEntry("fetch.max.wait.ms", "100")
                .containsEntry("fetch.min.bytes", "65536");

        Properties userState =
                consumerProperties(
                        UserStateKafka.source("localhost:9092", "perch.events", "perch-user-state")
                                .build());
        assertThat(userState).containsEntry("fetch.max.wait.ms", "10");
    }

    @Test
    @DisplayName(
            "its catalog source fetches as for a quiet topic: at the first record, else after 500"
                    + " ms")
    void theCatalogIsFetchedAsAQuietTopic() throws Exception {
        assertThat(
                        consumerProperties(
                                ItemStatisticsKafka.itemsSource(
                                        ItemStatisticsJobConfig.defaults())))
                .containsEntry("fetch.min.bytes", "1")
                .containsEntry("fetch.max.wait.ms", "500");
    }

    @Test
    @DisplayName("a fetch setting in the Kafka client properties file wins over the job's")
    void theClientsOwnSettingWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "fetch.max.wait.ms=25\n");
        Configuration c = new Configuration();
        c.set(UserStateJobOptions.KAFKA_CLIENT_PROPERTIES, file.toString());

        Properties own =
                consumerProperties(
                        ItemStatisticsKafka.eventsSource(ItemStatisticsJobConfig.from(c)));

        assertThat(own)
                .containsEntry("fetch.max.wait.ms", "25")
                .containsEntry("fetch.min.bytes", "65536");
    }

    /** The consumer properties a built source will give its readers (a private field of it). */
    private static Properties consumerProperties(KafkaSource<KafkaRecord> source)
            throws ReflectiveOperationException {
        Field props = KafkaSource.class.getDeclaredField("props");
        props.setAccessible(true);
        return (Properties) props.get(source);
    }
}
