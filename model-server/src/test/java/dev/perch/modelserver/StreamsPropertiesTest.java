package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.perch.events.ConsumerFetch;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Kafka Streams settings an instance runs with (ModelServer.streamsProperties). */
class StreamsPropertiesTest {

    private static Properties of(ModelServerConfig config) {
        return ModelServer.streamsProperties(
                config,
                ModelServerAccess.local(),
                new ModelServerMetrics(),
                new HostInfo("127.0.0.1", 8081),
                3);
    }

    @Test
    @DisplayName(
            "a stream thread blocks in its poll no longer than a task waits to look for its tick"
                    + " (2 ms of the default 20 ms interval), shorter than a fetch may wait, so a"
                    + " tick never waits for the next fetch")
    void givenTheBatchInterval_thenThePollIsNoLongerThanTheTickCheck() {
        Properties defaults = of(ModelServerConfig.defaults());
        assertThat(defaults.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(2L);
        assertThat((Long) defaults.get(StreamsConfig.POLL_MS_CONFIG))
                .isLessThan(ConsumerFetch.MAX_WAIT_MS);

        Properties slower =
                of(
                        ModelServerConfig.defaults()
                                .withBatching(
                                        MicroBatchProcessor.Batching.of(
                                                Duration.ofMillis(200), 256)));
        assertThat(slower.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(25L);
    }

    @Test
    @DisplayName(
            "lists linger 2 ms in the producer (not Kafka Streams' 100 ms), one stream thread per"
                    + " partition given")
    void givenAnInstance_thenListsLeaveAtOnce() {
        Properties defaults = of(ModelServerConfig.defaults());
        assertThat(defaults.get(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG)))
                .isEqualTo(2);
        assertThat(defaults.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(3);
    }
}
