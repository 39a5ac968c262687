package dev.perch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.kafka.KafkaBroker.Kind;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Choosing the kind of broker")
class BrokerKindSelectorTest {

    private static final Map<String, String> NO_ENV = Map.of();
    private static final Map<String, String> EXTERNAL_ENV =
            Map.of("PERCH_KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2:9092");
    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BrokerOptions AUTO = BrokerOptions.defaults();

    @Test
    @DisplayName("PERCH_KAFKA_BOOTSTRAP wins over a reachable Docker engine, without asking Docker")
    void externalBootstrapTakesPrecedence() {
        AtomicInteger dockerAsked = new AtomicInteger();
        BooleanSupplier countingDocker =
                () -> {
                    dockerAsked.incrementAndGet();
                    return true;
                };

        assertThat(BrokerKindSelector.select(AUTO, null, EXTERNAL_ENV, countingDocker))
                .isEqualTo(Kind.EXTERNAL);
        assertThat(dockerAsked).hasValue(0);
        assertThat(BrokerKindSelector.externalBootstrap(EXTERNAL_ENV))
                .isEqualTo("kafka-1:9092,kafka-2:9092");
    }

    @Test
    @DisplayName("A blank PERCH_KAFKA_BOOTSTRAP counts as unset")
    void blankBootstrapIsIgnored() {
        assertThat(
                        BrokerKindSelector.select(
                                AUTO, null, Map.of("PERCH_KAFKA_BOOTSTRAP", "  "), NO_DOCKER))
                .isEqualTo(Kind.PROCESS);
    }

    @Test
    @DisplayName("Without an external cluster, a reachable Docker engine gives a container")
    void dockerGivesContainer() {
        assertThat(BrokerKindSelector.select(AUTO, null, NO_ENV, DOCKER)).isEqualTo(Kind.CONTAINER);
    }

    @Test
    @DisplayName("Without an external cluster or Docker, the broker runs in a child JVM")
    void otherwiseProcess() {
        assertThat(BrokerKindSelector.select(AUTO, null, NO_ENV, NO_DOCKER))
                .isEqualTo(Kind.PROCESS);
    }

    @Test
    @DisplayName("A kept data directory never picks a container, whose storage would not survive")
    void keptDataDirectoryAvoidsContainer() {
        BrokerOptions kept = AUTO.withDataDirectory(Path.of("/var/lib/perch/kafka"));

        assertThat(BrokerKindSelector.select(kept, null, NO_ENV, DOCKER)).isEqualTo(Kind.PROCESS);
    }

    @Test
    @DisplayName("perch.kafka.mode forces a kind over the environment, any case; auto does not")
    void modePropertyForcesKind() {
        assertThat(BrokerKindSelector.select(AUTO, "Process", EXTERNAL_ENV, DOCKER))
                .isEqualTo(Kind.PROCESS);
        assertThat(BrokerKindSelector.select(AUTO, "container", NO_ENV, NO_DOCKER))
                .isEqualTo(Kind.CONTAINER);
        assertThat(BrokerKindSelector.select(AUTO, "auto", EXTERNAL_ENV, NO_DOCKER))
                .isEqualTo(Kind.EXTERNAL);
    }

    @Test
    @DisplayName("A kind forced in the options wins over the mode property and the environment")
    void optionsKindWins() {
        BrokerOptions process = AUTO.withKind(Kind.PROCESS);

        assertThat(BrokerKindSelector.select(process, "container", EXTERNAL_ENV, DOCKER))
                .isEqualTo(Kind.PROCESS);
    }

    @Test
    @DisplayName("An unknown mode is rejected with the valid values in the message")
    void unknownModeRejected() {
        assertThatThrownBy(() -> BrokerKindSelector.select(AUTO, "embedded", NO_ENV, NO_DOCKER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, external, container, process");
    }

    @Test
    @DisplayName("EXTERNAL forced without PERCH_KAFKA_BOOTSTRAP fails with a clear message")
    void externalWithoutBootstrapFails() {
        assertThatThrownBy(
                        () ->
                                KafkaBrokers.start(
                                        AUTO.withKind(Kind.EXTERNAL), null, NO_ENV, NO_DOCKER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PERCH_KAFKA_BOOTSTRAP");
    }

    @Test
    @DisplayName("Docker detection finds no engine without a socket or settings, at once")
    void noDockerHintsWithoutSocket(@org.junit.jupiter.api.io.TempDir Path emptyHome) {
        long start = System.nanoTime();

        boolean hints = DockerProbe.hasDockerHints(Map.of(), emptyHome);

        assertThat(hints).isEqualTo(java.nio.file.Files.exists(Path.of("/var/run/docker.sock")));
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
        assertThat(
                        DockerProbe.hasDockerHints(
                                Map.of("DOCKER_HOST", "tcp://10.0.0.1:2375"), emptyHome))
                .isTrue();
    }
}
