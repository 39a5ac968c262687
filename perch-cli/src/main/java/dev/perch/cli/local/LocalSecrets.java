package dev.perch.cli.local;

import dev.perch.access.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The secrets of {@code bin/perch local}: a server-side read key and a user-token secret, made once
 * at random in {@code <data>/secrets/} (readable by the owner only) and handed to the collector as
 * {@code file:} references, so that they never appear on a command line, in a URL or in a log.
 */
public final class LocalSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path readKeys;
    private final Path tokenSecrets;

    private LocalSecrets(Path dir) {
        this.readKeys = dir.resolve("read-keys");
        this.tokenSecrets = dir.resolve("token-secrets");
    }

    /** The secrets under {@code dataDir/secrets}, made now where missing. */
    public static LocalSecrets ensure(Path dataDir) {
        LocalSecrets secrets = new LocalSecrets(dataDir.resolve("secrets"));
        secrets.makeIfMissing(secrets.readKeys);
        secrets.makeIfMissing(secrets.tokenSecrets);
        return secrets;
    }

    /** The file of the server-side read key (for a storefront back end, or {@code curl}). */
    public Path readKeysFile() {
        return readKeys;
    }

    /** The file of the token secret. */
    public Path tokenSecretsFile() {
        return tokenSecrets;
    }

    /** The collector's options that point at these secrets. */
    public List<String> collectorArguments() {
        return List.of(
                "--read-keys", "file:" + readKeys, "--token-secrets", "file:" + tokenSecrets);
    }

    /** The read key itself, for tools of this process (never printed). */
    public String readKey() {
        return new Secrets(java.util.Map.of()).readOne("file:" + readKeys);
    }

    private void makeIfMissing(Path file) {
        try {
            if (Files.exists(file) && Files.size(file) > 0) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        Secrets.writePrivate(
                file, List.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)));
    }
}
