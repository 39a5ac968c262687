package dev.perch.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What a test broker needs to require SASL over TLS: a self-signed key pair for 127.0.0.1 and
 * localhost in a PKCS12 keystore (made by the JDK's {@code keytool}, nothing downloaded), its
 * certificate as the clients' PEM trust store, and one SASL/PLAIN user with a random password. The
 * clients' side is {@link #clientSettings()} or a properties file ({@link #writeClientProperties}),
 * the very file every Perch process reads with {@code --kafka-properties}.
 *
 * @param keystore the broker's PKCS12 keystore
 * @param truststore the broker's certificate, PEM, for the clients
 * @param storePassword the keystore's password
 * @param username the SASL/PLAIN user of the clients
 * @param password that user's password
 */
public record BrokerSecurity(
        Path keystore, Path truststore, String storePassword, String username, String password) {

    /** The listener's security protocol. */
    public static final String PROTOCOL = "SASL_SSL";

    /** Makes a fresh key pair, trust store and user in {@code dir} (created if missing). */
    public static BrokerSecurity generate(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String storePassword = random();
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("broker-ca.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "7",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                storePassword,
                "-keypass",
                storePassword);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "broker",
                "-keystore",
                keystore.toString(),
                "-storepass",
                storePassword,
                "-file",
                truststore.toString());
        return new BrokerSecurity(keystore, truststore, storePassword, "perch", random());
    }

    /** The client settings for this broker: SASL_SSL, PLAIN, the PEM trust store. */
    public Map<String, String> clientSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.protocol", PROTOCOL);
        settings.put("sasl.mechanism", "PLAIN");
        settings.put("sasl.jaas.config", jaas(username, password, false));
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", slashes(truststore));
        return settings;
    }

    /** Writes {@link #clientSettings()} to {@code file}, readable by its owner only. */
    public Path writeClientProperties(Path file) {
        Properties properties = new Properties();
        properties.putAll(clientSettings());
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(
                        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not POSIX: the temporary directory protects it
            }
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(writer, "Kafka client properties of a SASL_SSL test broker");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The broker's listener settings for {@code server.properties}. */
    Map<String, String> serverSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("sasl.enabled.mechanisms", "PLAIN");
        settings.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        settings.put(
                "listener.name.sasl_ssl.plain.sasl.jaas.config", jaas(username, password, true));
        settings.put("ssl.keystore.type", "PKCS12");
        settings.put("ssl.keystore.location", slashes(keystore));
        settings.put("ssl.keystore.password", storePassword);
        settings.put("ssl.key.password", storePassword);
        settings.put("ssl.truststore.type", "PEM");
        settings.put("ssl.truststore.location", slashes(truststore));
        return settings;
    }

    @Override
    public String toString() {
        return "BrokerSecurity[" + PROTOCOL + ", PLAIN user " + username + ", " + keystore + "]";
    }

    private static String jaas(String user, String password, boolean server) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + user
                + "\" password=\""
                + password
                + "\""
                + (server ? " user_" + user + "=\"" + password + "\"" : "")
                + ";";
    }

    private static String random() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String slashes(Path path) {
        return path.toAbsolutePath().toString().replace('\\', '/');
    }

    private static void keytool(String... args) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + keytool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
