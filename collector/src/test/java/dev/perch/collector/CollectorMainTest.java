package dev.perch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.perch.access.Secrets;
import dev.perch.core.UserEventRate;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("CollectorMain options")
class CollectorMainTest {

    @TempDir Path dir;

    private static CollectorMain main(String... args) {
        CollectorMain main = new CollectorMain();
        new CommandLine(main).parseArgs(args);
        return main;
    }

    private static CollectorConfig parse(String... args) {
        return main(args).config(new Secrets(Map.of()));
    }

    @Test
    @DisplayName("No options give the defaults")
    void defaults() {
        CollectorConfig config = parse();

        assertThat(config)
                .isEqualTo(CollectorConfig.defaults("localhost:9092").withRateLimit(100, 1000));
        assertThat(config.writeKeyRequired()).isFalse();
    }

    @Test
    @DisplayName("Every option lands in the config")
    void options() throws Exception {
        Path keys = dir.resolve("write-keys");
        Files.writeString(keys, "a\nb https://shop-b.example\n");
        CollectorConfig config =
                parse(
                        "--bootstrap",
                        "k:9092",
                        "--port",
                        "0",
                        "--write-keys",
                        "file:" + keys,
                        "--rate-limit",
                        "5",
                        "--model-server",
                        "http://localhost:8080");

        assertThat(config.bootstrapServers()).isEqualTo("k:9092");
        assertThat(config.port()).isZero();
        assertThat(config.writeKeys()).isEqualTo(Set.of("a", "b https://shop-b.example"));
        assertThat(config.rateLimit()).isEqualTo(5);
        assertThat(config.rateBurst()).isEqualTo(500);
        assertThat(config.modelServer()).isEqualTo(URI.create("http://localhost:8080"));
    }

    @Test
    @DisplayName(
            "A model server that is no http(s) URL with a host, or a send timeout that is not"
                    + " positive, is refused at start, not at the first read the proxy forwards")
    void refusesAModelServerThatIsNoUrl() {
        for (String bad : new String[] {"notaurl", "localhost:8081", "ftp://host/", "http:///x"}) {
            assertThatThrownBy(() -> parse("--model-server", bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("http or https URL with a host");
        }
        assertThat(parse("--model-server", "https://models.internal:8443").modelServer())
                .isEqualTo(URI.create("https://models.internal:8443"));
        assertThatThrownBy(() -> parse("--send-timeout", "PT0S"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sendTimeout must be positive");
    }

    @Test
    @DisplayName(
            "Secrets are read from files or the environment; a literal key on the command line is"
                    + " refused")
    void secretsNeverOnTheCommandLine() throws Exception {
        Path secret = dir.resolve("token-secrets");
        Files.writeString(secret, "0123456789abcdef0123456789abcdef-new\n");
        Secrets secrets = new Secrets(Map.of("READ_KEYS", "backend-key"));
        CollectorAccess access =
                main(
                                "--read-keys",
                                "env:READ_KEYS",
                                "--token-secrets",
                                "file:" + secret,
                                "--host",
                                "127.0.0.1")
                        .access(secrets);

        assertThat(access.host()).isEqualTo("127.0.0.1");
        assertThat(access.reads().hasKeys()).isTrue();
        assertThat(access.reads().tokens().enabled()).isTrue();
        assertThat(access.toString()).doesNotContain("backend-key").doesNotContain("0123456789");
        assertThatThrownBy(() -> main("--write-keys", "site-key-123").config(secrets))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("site-key-123");
    }

    @Test
    @DisplayName(
            "The per-user event limit defaults to perch-core's, the user-state job's default too,"
                    + " and --max-events-per-user-per-minute changes it")
    void perUserLimit() {
        Secrets none = new Secrets(Map.of());
        assertThat(main().access(none).perUser()).isEqualTo(UserEventRate.DEFAULT);
        assertThat(main("--max-events-per-user-per-minute", "50").access(none).perUser())
                .isEqualTo(new UserEventRate(50));
    }

    @Test
    @DisplayName(
            "a wrong option value or an unreadable secret is a usage error (exit 2) with its"
                    + " message and the usage, no stack trace, and starts nothing")
    void wrongOptionIsAUsageError() {
        for (String[] args :
                new String[][] {
                    {"--model-server", "notaurl"}, {"--read-keys", "file:" + dir.resolve("none")}
                }) {
            java.io.StringWriter err = new java.io.StringWriter();
            CommandLine cli = new CommandLine(new CollectorMain());
            cli.setErr(new java.io.PrintWriter(err, true));

            int exitCode = cli.execute(args);

            assertThat(exitCode).as(err.toString()).isEqualTo(CommandLine.ExitCode.USAGE);
            assertThat(err.toString())
                    .containsAnyOf("http or https URL", "cannot read the secret file")
                    .contains("Usage: perch-collector")
                    .doesNotContain("\tat dev.perch");
        }
    }
}
