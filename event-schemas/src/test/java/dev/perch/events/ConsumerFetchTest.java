package dev.perch.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ConsumerFetch: how the event path's consumers fetch")
class ConsumerFetchTest {

    @Test
    @DisplayName(
            "a fetch waits for 64 KiB or 10 ms, under the given prefix; a setting the caller gave"
                    + " wins")
    void batchesFetchesUnlessTheCallerChose() {
        Properties plain = ConsumerFetch.applyTo(new Properties(), "");
        assertThat(plain)
                .containsEntry("fetch.min.bytes", "65536")
                .containsEntry("fetch.max.wait.ms", "10");

        Properties streams = new Properties();
        streams.put("consumer.fetch.max.wait.ms", "1");
        ConsumerFetch.applyTo(streams, "consumer.");
        assertThat(streams)
                .containsEntry("consumer.fetch.min.bytes", "65536")
                .containsEntry("consumer.fetch.max.wait.ms", "1")
                .doesNotContainKey("fetch.min.bytes");

        // an operator's plain setting (client properties) is not overridden by a prefixed one
        Properties operator = new Properties();
        operator.put("fetch.max.wait.ms", "100");
        ConsumerFetch.applyTo(operator, "consumer.");
        assertThat(operator)
                .containsEntry("fetch.max.wait.ms", "100")
                .doesNotContainKey("consumer.fetch.max.wait.ms")
                .containsEntry("consumer.fetch.min.bytes", "65536");
    }

    @Test
    @DisplayName(
            "a quiet topic's fetch answers at one record and otherwise waits 500 ms (no request"
                    + " every 10 ms while idle); a setting the caller gave wins")
    void quietTopicsLongPoll() {
        assertThat(ConsumerFetch.applyQuietTo(new Properties()))
                .containsEntry("fetch.min.bytes", "1")
                .containsEntry("fetch.max.wait.ms", "500");

        Properties operator = new Properties();
        operator.put("fetch.max.wait.ms", "100");
        assertThat(ConsumerFetch.applyQuietTo(operator))
                .containsEntry("fetch.max.wait.ms", "100")
                .containsEntry("fetch.min.bytes", "1");
    }

    @Test
    @DisplayName(
            "a consumer beside the click-to-list path waits for 64 KiB or 100 ms; a setting the"
                    + " caller gave wins")
    void backgroundConsumersWaitLonger() {
        assertThat(ConsumerFetch.applyBackgroundTo(new Properties()))
                .containsEntry("fetch.min.bytes", "65536")
                .containsEntry("fetch.max.wait.ms", "100");

        Properties operator = new Properties();
        operator.put("fetch.max.wait.ms", "20");
        assertThat(ConsumerFetch.applyBackgroundTo(operator))
                .containsEntry("fetch.max.wait.ms", "20")
                .containsEntry("fetch.min.bytes", "65536");
    }
}
