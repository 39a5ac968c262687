package dev.perch.access;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The one loader of Kafka client settings for every Perch process (collector, model server, stream
 * jobs, feature-store updater, {@code bin/perch replay|bench|train --publish}): a standard Kafka
 * client properties file ({@code security.protocol=SASL_SSL}, {@code sasl.mechanism}, {@code
 * sasl.jaas.config}, {@code ssl.truststore.location}, ...) given with {@code --kafka-properties} or
 * {@code PERCH_KAFKA_PROPERTIES}, so that passwords live in a file and not on a command line.
 * Kafka's config providers ({@code config.providers=env}, {@code ${env:KAFKA_PASSWORD}}) work too.
 */
public final class KafkaClientProperties {

    /** The environment variable naming the file when no option does. */
    public static final String ENV = "PERCH_KAFKA_PROPERTIES";

    private static final KafkaClientProperties NONE = new KafkaClientProperties(Map.of(), null);

    private final Map<String, String> settings;
    private final Path source;

    private KafkaClientProperties(Map<String, String> settings, Path source) {
        this.settings = settings;
        this.source = source;
    }

    /** No extra settings: a plaintext cluster. */
    public static KafkaClientProperties none() {
        return NONE;
    }

    /** The settings in {@code file}; {@code none()} when {@code file} is null. */
    public static KafkaClientProperties load(Path file) {
        if (file == null) {
            return NONE;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Kafka client properties " + file, e);
        }
        Map<String, String> settings = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.endsWith(".serializer") || name.endsWith(".deserializer")) {
                throw new IllegalArgumentException(
                        name + " is chosen by Perch and cannot be set in " + file);
            }
            settings.put(name, properties.getProperty(name).strip());
        }
        return new KafkaClientProperties(Map.copyOf(settings), file);
    }

    /** The file the settings came from, or null. */
    public Path source() {
        return source;
    }

    /** Whether there is nothing to add. */
    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /** The settings, as they are in the file (passwords included: never log this). */
    public Map<String, String> asMap() {
        return settings;
    }

    /** Adds the settings to a client's config, overriding what the caller put there. */
    public <M extends Map<? super String, Object>> M applyTo(M config) {
        config.putAll(settings);
        return config;
    }

    /** Adds the settings to a client's {@link Properties}. */
    public Properties applyTo(Properties config) {
        config.putAll(settings);
        return config;
    }

    /** The settings with every password, key and JAAS line masked, for logs. */
    public Map<String, String> redacted() {
        Map<String, String> shown = new TreeMap<>();
        settings.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : v));
        return shown;
    }

    @Override
    public String toString() {
        return "KafkaClientProperties" + redacted();
    }

    private static boolean isSecret(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("password")
                || lower.contains("jaas")
                || lower.contains("secret")
                || lower.endsWith(".key")
                || lower.contains("credentials");
    }
}
