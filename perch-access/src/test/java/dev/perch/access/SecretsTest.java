package dev.perch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir Path dir;

    @Test
    @DisplayName("secrets come from a file (one per line, comments skipped) or the environment")
    void fileAndEnvironment() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# site keys\nkey-one\n\n  key-two  \n");
        Secrets secrets = new Secrets(Map.of("PERCH_TOKEN_SECRET", "s3cr3t"));
        assertThat(secrets.read("file:" + file)).containsExactly("key-one", "key-two");
        assertThat(secrets.readOne("env:PERCH_TOKEN_SECRET")).isEqualTo("s3cr3t");
        assertThat(secrets.read(null)).isEmpty();
    }

    @Test
    @DisplayName(
            "a literal secret on the command line is refused, and the message does not repeat it")
    void literalRefused() {
        Secrets secrets = new Secrets(Map.of());
        assertThatThrownBy(() -> secrets.read("my-literal-key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("my-literal-key");
        assertThatThrownBy(() -> secrets.read("env:MISSING")).hasMessageContaining("MISSING");
    }

    @Test
    @DisplayName("secret files written by Perch are readable by their owner only")
    void privateFiles() throws Exception {
        Path file = dir.resolve("sub/token-secret");
        Secrets.writePrivate(file, List.of("abc"));
        assertThat(Files.readAllLines(file)).containsExactly("abc");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
