package dev.perch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {

    @TempDir Path dir;

    @Test
    @DisplayName(
            "the file's settings are added to a client's config, and passwords are hidden when"
                    + " shown")
    void appliedAndRedacted() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                "security.protocol=SASL_SSL\n"
                        + "sasl.mechanism=SCRAM-SHA-512\n"
                        + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                        + " required username=\"perch\" password=\"pw-123\";\n"
                        + "ssl.truststore.password=ts-pass\n");
        KafkaClientProperties props = KafkaClientProperties.load(file);
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", "b:9093"));
        props.applyTo(config);
        assertThat(config)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "b:9093");
        assertThat(props.toString())
                .contains("SASL_SSL")
                .doesNotContain("pw-123")
                .doesNotContain("ts-pass");
    }

    @Test
    @DisplayName("serializers are Perch's choice and cannot be overridden; no file means no change")
    void refusesSerializers() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "value.serializer=x.Y\n");
        assertThatThrownBy(() -> KafkaClientProperties.load(file))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(KafkaClientProperties.load(null).isEmpty()).isTrue();
    }
}
