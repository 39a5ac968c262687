package dev.perch.kafka;

import dev.perch.kafka.KafkaBroker.Kind;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Starts the broker Perch should use here: an external cluster, a Testcontainers container or a
 * KRaft broker in a child JVM. The environment is read here, once, and nowhere deeper.
 */
public final class KafkaBrokers {

    private KafkaBrokers() {}

    /**
     * Starts (or, for EXTERNAL, connects to) a broker and returns once it answers. The kind is
     * forced by {@link BrokerOptions#kind()} or the {@code perch.kafka.mode} system property,
     * otherwise EXTERNAL when {@code PERCH_KAFKA_BOOTSTRAP} is set, CONTAINER when a Docker engine
     * is reachable and the data is temporary, else PROCESS.
     */
    public static KafkaBroker start(BrokerOptions options) {
        return start(
                options,
                System.getProperty(BrokerOptions.MODE_PROPERTY),
                System.getenv(),
                DockerProbe::dockerReachable);
    }

    /** {@link #start(BrokerOptions)} with the mode, environment and Docker probe passed in. */
    static KafkaBroker start(
            BrokerOptions options,
            String modeProperty,
            Map<String, String> env,
            BooleanSupplier dockerReachable) {
        Kind kind = BrokerKindSelector.select(options, modeProperty, env, dockerReachable);
        return switch (kind) {
            case EXTERNAL ->
                    ExternalKafkaBroker.connect(
                            BrokerKindSelector.externalBootstrap(env), options.startTimeout());
            case CONTAINER -> ContainerKafkaBroker.start(options);
            case PROCESS -> ProcessKafkaBroker.start(options);
        };
    }

    /** The kind {@link #start(BrokerOptions)} would pick now, without starting anything. */
    public static Kind selectKind(BrokerOptions options) {
        return BrokerKindSelector.select(
                options,
                System.getProperty(BrokerOptions.MODE_PROPERTY),
                System.getenv(),
                DockerProbe::dockerReachable);
    }
}
