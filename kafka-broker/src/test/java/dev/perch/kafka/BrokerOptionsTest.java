package dev.perch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Broker options")
class BrokerOptionsTest {

    @Test
    @DisplayName("Defaults: automatic kind, temporary data, any free port, one partition, 512m")
    void defaults() {
        BrokerOptions options = BrokerOptions.defaults();

        assertThat(options.kind()).isNull();
        assertThat(options.dataDirectory()).isNull();
        assertThat(options.port()).isZero();
        assertThat(options.defaultPartitions()).isEqualTo(1);
        assertThat(options.maxHeap()).isEqualTo("512m");
        assertThat(options.logFile()).isNull();
    }

    @Test
    @DisplayName("Withers change one field and keep the others")
    void withers() {
        BrokerOptions options =
                BrokerOptions.defaults()
                        .withDataDirectory(Path.of("data"))
                        .withPort(19092)
                        .withDefaultPartitions(4)
                        .withMaxHeap("1g")
                        .withStartTimeout(Duration.ofSeconds(30));

        assertThat(options.dataDirectory()).isEqualTo(Path.of("data"));
        assertThat(options.port()).isEqualTo(19092);
        assertThat(options.defaultPartitions()).isEqualTo(4);
        assertThat(options.maxHeap()).isEqualTo("1g");
        assertThat(options.startTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName(
            "A quick start (a test's broker) starts its JVM from a 64 MB heap; a long-running"
                    + " broker (perch local, perch bench) from its whole heap")
    void initialHeap() {
        BrokerOptions options = BrokerOptions.defaults().withMaxHeap("768m");
        assertThat(ProcessKafkaBroker.initialHeap(options)).isEqualTo("64m");
        assertThat(ProcessKafkaBroker.initialHeap(options.withQuickStart(false))).isEqualTo("768m");
    }

    @Test
    @DisplayName("Nonsense values are rejected when the options are built")
    void validation() {
        BrokerOptions options = BrokerOptions.defaults();

        assertThatThrownBy(() -> options.withPort(70000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withDefaultPartitions(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withMaxHeap("lots"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withStartTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
