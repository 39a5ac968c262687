package dev.perch.modelserver;

import dev.perch.access.KafkaClientProperties;
import dev.perch.access.ReadAccess;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where one model-server instance listens and who may read from it: bound to loopback it may run
 * open (only processes of this machine reach it, as in {@code bin/perch local}); bound to any other
 * address it must have a server-side key, and {@link #check} refuses to start it otherwise.
 *
 * @param bindHost the address the HTTP port listens on
 * @param reads the read keys and token secrets {@code /v1/users/*} checks
 * @param kafka the Kafka client properties (TLS, SASL) of the Streams app and the store updater
 */
public record ModelServerAccess(String bindHost, ReadAccess reads, KafkaClientProperties kafka) {

    /** The loopback address every local listener binds to by default. */
    public static final String LOOPBACK = "127.0.0.1";

    public ModelServerAccess {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(kafka, "kafka");
    }

    /** Loopback only, no key, plaintext Kafka: a single machine. */
    public static ModelServerAccess local() {
        return new ModelServerAccess(LOOPBACK, ReadAccess.open(), KafkaClientProperties.none());
    }

    /** Whether {@code host} is a loopback address (or names one). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Refuses an instance that would answer anyone on the network without a key. */
    public ModelServerAccess check() {
        if (!isLoopback(bindHost) && !reads.hasKeys()) {
            throw new IllegalArgumentException(
                    "the model server listens on "
                            + bindHost
                            + ", beyond this machine: give it --api-keys (file:/path or env:NAME)");
        }
        return this;
    }

    public ModelServerAccess withBindHost(String value) {
        return new ModelServerAccess(value, reads, kafka);
    }

    public ModelServerAccess withReads(ReadAccess value) {
        return new ModelServerAccess(bindHost, value, kafka);
    }

    public ModelServerAccess withKafka(KafkaClientProperties value) {
        return new ModelServerAccess(bindHost, reads, value);
    }
}
