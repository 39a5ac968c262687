package dev.perch.kafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving a test class a real Kafka broker: one shared by every class of the test
 * JVM ({@link #shared()}), or a PROCESS broker of its own that the class may kill ({@link
 * #dedicated()}). Register it as {@code @RegisterExtension static final}.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaBrokerExtension.class);
    private static final String SHARED_KEY = "shared-broker";

    private final boolean shared;
    private final BrokerOptions options;
    private volatile KafkaBroker broker;

    private KafkaBrokerExtension(boolean shared, BrokerOptions options) {
        this.shared = shared;
        this.options = options;
    }

    /**
     * The broker of the whole test JVM, started by the first class that asks and closed when the
     * JVM's tests end. Its kind follows {@link KafkaBrokers#start}; do not kill it.
     */
    public static KafkaBrokerExtension shared() {
        return new KafkaBrokerExtension(true, BrokerOptions.defaults());
    }

    /** A PROCESS broker for this class alone, closed after its last test: kill it at will. */
    public static KafkaBrokerExtension dedicated() {
        return dedicated(BrokerOptions.defaults().withKind(KafkaBroker.Kind.PROCESS));
    }

    /** A broker for this class alone, started with {@code options}. */
    public static KafkaBrokerExtension dedicated(BrokerOptions options) {
        return new KafkaBrokerExtension(false, options);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (shared) {
            broker =
                    context.getRoot()
                            .getStore(NAMESPACE)
                            .getOrComputeIfAbsent(
                                    SHARED_KEY,
                                    key -> KafkaBrokers.start(options),
                                    KafkaBroker.class);
        } else {
            // The class-level store closes the broker (an AutoCloseable) after the class.
            KafkaBroker own = KafkaBrokers.start(options);
            context.getStore(NAMESPACE).put(context.getUniqueId(), own);
            broker = own;
        }
    }

    /** The {@code bootstrap.servers} of the broker. */
    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** The broker; available from {@code @BeforeAll} methods on. */
    public KafkaBroker broker() {
        KafkaBroker current = broker;
        if (current == null) {
            throw new IllegalStateException(
                    "No broker yet: register KafkaBrokerExtension as a static @RegisterExtension"
                            + " field and use it from @BeforeAll or a test");
        }
        return current;
    }
}
