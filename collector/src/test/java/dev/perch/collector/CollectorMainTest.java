package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("CollectorMain options")
class CollectorMainTest {

    private static CollectorConfig parse(String... args) {
        CollectorMain main = new CollectorMain();
        new CommandLine(main).parseArgs(args);
        return main.config();
    }

    @Test
    @DisplayName("No options give the defaults")
    void defaults() {
        CollectorConfig config = parse();

        assertThat(config)
                .isEqualTo(CollectorConfig.defaults("localhost:9092").withRateLimit(50, 100));
        assertThat(config.writeKeyRequired()).isFalse();
        assertThat(config.demo()).isTrue();
    }

    @Test
    @DisplayName("Every option lands in the config")
    void options() {
        CollectorConfig config =
                parse(
                        "--bootstrap",
                        "k:9092",
                        "--port",
                        "0",
                        "--write-keys",
                        "a,b",
                        "--rate-limit",
                        "5",
                        "--model-server",
                        "http://localhost:8080",
                        "--no-demo");

        assertThat(config.bootstrapServers()).isEqualTo("k:9092");
        assertThat(config.port()).isZero();
        assertThat(config.writeKeys()).isEqualTo(Set.of("a", "b"));
        assertThat(config.rateLimit()).isEqualTo(5);
        assertThat(config.rateBurst()).isEqualTo(10);
        assertThat(config.modelServer()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(config.demo()).isFalse();
    }
}
