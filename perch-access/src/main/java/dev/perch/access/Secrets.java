package dev.perch.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads secrets (API keys, token secrets, Kafka passwords) from a file or an environment variable,
 * never from the command line or a URL, so that they do not show in {@code ps} or access logs. A
 * reference is {@code file:/path} or {@code env:NAME}; anything else is refused. A value holds one
 * secret per line; blank lines and lines starting with {@code #} are skipped, so a file can hold
 * the keys of several sites, or the new and the old token secret during a rotation.
 */
public final class Secrets {

    private static final String FILE = "file:";
    private static final String ENV = "env:";

    private final Map<String, String> environment;

    /**
     * Reads {@code env:} references from {@code environment} ({@code System.getenv()} in mains).
     */
    public Secrets(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /** Secrets of this process's environment. */
    public static Secrets fromProcessEnvironment() {
        return new Secrets(System.getenv());
    }

    /**
     * The secrets {@code reference} points at, in order; an empty list when {@code reference} is
     * null. A missing file or variable, or a reference that is neither {@code file:} nor {@code
     * env:}, is an {@link IllegalArgumentException} whose message never contains a secret.
     */
    public List<String> read(String reference) {
        if (reference == null || reference.isBlank()) {
            return List.of();
        }
        String text;
        if (reference.startsWith(FILE)) {
            Path path = Path.of(reference.substring(FILE.length()));
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the secret file " + path, e);
            }
        } else if (reference.startsWith(ENV)) {
            String name = reference.substring(ENV.length());
            text = environment.get(name);
            if (text == null) {
                throw new IllegalArgumentException(
                        "the environment variable " + name + " is not set");
            }
        } else {
            throw new IllegalArgumentException(
                    "a secret is given as file:/path or env:NAME, never as a value on the command"
                            + " line (it would show in ps)");
        }
        List<String> values =
                text.lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .toList();
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no secret in " + describe(reference));
        }
        return values;
    }

    /** The one secret {@code reference} holds; refused when it holds none or several. */
    public String readOne(String reference) {
        List<String> values = read(reference);
        if (values.size() != 1) {
            throw new IllegalArgumentException(
                    describe(reference) + " must hold exactly one secret, found " + values.size());
        }
        return values.get(0);
    }

    /** Writes {@code lines} to {@code file} readable by its owner only (where POSIX allows). */
    public static void writePrivate(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(
                        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions protect it
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the secret file " + file, e);
        }
    }

    private static String describe(String reference) {
        return reference.startsWith(ENV) ? "the variable " + reference.substring(4) : reference;
    }
}
