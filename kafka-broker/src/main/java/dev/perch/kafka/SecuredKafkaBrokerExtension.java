package dev.perch.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving a test class its own PROCESS broker whose only listener requires SASL
 * over TLS, with the client-properties file every Perch process reads ({@code --kafka-properties},
 * {@code perch.kafka.client-properties}). The one fixture of the SASL_SSL tests of every module, so
 * the key pair, the user and the file are made in one place. Register it as
 * {@code @RegisterExtension static final}; the broker and its files go after the class.
 */
public final class SecuredKafkaBrokerExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SecuredKafkaBrokerExtension.class);

    private volatile Running running;

    private SecuredKafkaBrokerExtension() {}

    /** A secured broker for this class alone. */
    public static SecuredKafkaBrokerExtension dedicated() {
        return new SecuredKafkaBrokerExtension();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path dir = Files.createTempDirectory("perch-sasl-ssl-");
        BrokerSecurity security = BrokerSecurity.generate(dir.resolve("tls"));
        ProcessKafkaBroker broker =
                ProcessKafkaBroker.startSecured(BrokerOptions.defaults(), security);
        Path properties = security.writeClientProperties(dir.resolve("client.properties"));
        Running started = new Running(dir, security, broker, properties);
        // The class-level store closes it (an AutoCloseable) after the class.
        context.getStore(NAMESPACE).put(context.getUniqueId(), started);
        running = started;
    }

    /** The {@code bootstrap.servers} of the secured listener. */
    public String bootstrapServers() {
        return running().broker().bootstrapServers();
    }

    /** The clients' properties file: SASL_SSL, PLAIN, the user and the PEM trust store. */
    public Path clientProperties() {
        return running().clientProperties();
    }

    /** The key pair, trust store and user the broker was started with. */
    public BrokerSecurity security() {
        return running().security();
    }

    /** The broker process (to read its log, or to kill it). */
    public ProcessKafkaBroker broker() {
        return running().broker();
    }

    private Running running() {
        Running current = running;
        if (current == null) {
            throw new IllegalStateException(
                    "No secured broker yet: register SecuredKafkaBrokerExtension as a static"
                            + " @RegisterExtension field and use it from @BeforeAll or a test");
        }
        return current;
    }

    /** A started broker with its files; closing stops it and deletes the files. */
    private record Running(
            Path dir, BrokerSecurity security, ProcessKafkaBroker broker, Path clientProperties)
            implements AutoCloseable {
        @Override
        public void close() {
            broker.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + dir, e);
            }
        }
    }
}
