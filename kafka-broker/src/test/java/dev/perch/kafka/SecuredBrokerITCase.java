package dev.perch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test broker started with a SASL_SSL listener: authenticated TLS clients only. */
class SecuredBrokerITCase {

    @Test
    @DisplayName(
            "A secured broker answers a client with the SASL_SSL properties file and refuses a"
                    + " plaintext client and a wrong password")
    void requiresSaslOverTls(@TempDir Path dir) throws Exception {
        BrokerSecurity security = BrokerSecurity.generate(dir.resolve("tls"));
        try (ProcessKafkaBroker broker =
                ProcessKafkaBroker.startSecured(BrokerOptions.defaults(), security)) {
            Path file = security.writeClientProperties(dir.resolve("client.properties"));
            Properties secured = new Properties();
            try (var reader = Files.newBufferedReader(file)) {
                secured.load(reader);
            }
            secured.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(secured)) {
                admin.createTopics(List.of(new NewTopic("secured", 1, (short) 1)))
                        .all()
                        .get(60, TimeUnit.SECONDS);
                assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS))
                        .contains("secured");
            }

            assertThat(Files.readString(broker.logFile())).doesNotContain(security.password());

            Properties wrongPassword = new Properties();
            wrongPassword.putAll(secured);
            wrongPassword.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required"
                            + " username=\"perch\" password=\"wrong\";");
            assertRefused(wrongPassword);

            Properties plaintext = new Properties();
            plaintext.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            assertRefused(plaintext);
        }
    }

    private static void assertRefused(Properties config) {
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        try (Admin admin = Admin.create(config)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }
}
