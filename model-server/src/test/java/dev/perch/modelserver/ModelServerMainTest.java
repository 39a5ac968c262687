package dev.perch.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelServerMainTest {
    @Test
    @DisplayName("the options bin/perch local passes become the config record")
    void givenLauncherOptions_whenParsed_thenConfigCarriesThem() {
        ModelServerMain main = new ModelServerMain();
        new CommandLine(main)
                .parseArgs(
                        "--bootstrap", "127.0.0.1:40000",
                        "--port", "9191",
                        "--model-dir", "data/models",
                        "--store-dir", "data/model-server/store",
                        "--state-dir", "data/model-server/streams",
                        "--device", "gpu",
                        "--k", "12",
                        "--application-id", "shop-a",
                        "--standby-replicas", "1");

        ModelServerConfig config = main.config();

        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:40000");
        assertThat(config.port()).isEqualTo(9191);
        assertThat(config.modelDir()).isEqualTo(Path.of("data/models"));
        assertThat(config.storeDir()).isEqualTo(Path.of("data/model-server/store"));
        assertThat(config.stateDir()).isEqualTo(Path.of("data/model-server/streams"));
        assertThat(config.device()).isEqualTo("gpu");
        assertThat(config.k()).isEqualTo(12);
        assertThat(config.applicationId()).isEqualTo("shop-a");
        assertThat(config.batching().interval()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.standbyReplicas()).isEqualTo(1);
    }

    @Test
    @DisplayName("a negative number of standby replicas is refused at start")
    void givenNegativeStandbyReplicas_whenConfigured_thenRefused() {
        assertThatThrownBy(() -> ModelServerConfig.defaults().withStandbyReplicas(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("standbyReplicas");
    }

    @Test
    void givenNoOptions_whenParsed_thenDefaults() {
        ModelServerMain main = new ModelServerMain();
        new CommandLine(main).parseArgs();
        assertThat(main.config()).isEqualTo(ModelServerConfig.defaults());
    }

    @Test
    void givenUnknownDevice_whenConfigured_thenRefused() {
        assertThatThrownBy(() -> ModelServerConfig.defaults().withDevice("tpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu or gpu");
    }

    @Test
    @DisplayName(
            "a wrong option value is a usage error (exit 2) with its message and the usage, no"
                    + " stack trace, and starts nothing")
    void wrongOptionIsAUsageError() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = new CommandLine(new ModelServerMain());
        cli.setErr(new java.io.PrintWriter(err, true));

        int exitCode = cli.execute("--device", "tpu", "--bootstrap", "127.0.0.1:1");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString())
                .contains("device must be cpu or gpu, got tpu")
                .contains("Usage: model-server")
                .doesNotContain("\tat dev.perch");
        // the published lists are no longer than a reader may ask for
        assertThat(new CommandLine(new ModelServerMain()).execute("--k", "1001"))
                .isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Usage: model-server").doesNotContain("\tat dev.perch");
    }
}
