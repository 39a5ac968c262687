package dev.perch.kafka;

/**
 * A running, real Kafka broker that tests and the launcher talk to through its bootstrap address.
 * Brokers this module starts can be killed and restarted to inject faults; external ones cannot.
 */
public interface KafkaBroker extends AutoCloseable {

    /** Where a broker comes from, in the order {@link KafkaBrokers#start} prefers them. */
    enum Kind {
        /** An existing cluster named by {@code PERCH_KAFKA_BOOTSTRAP}; never stopped by Perch. */
        EXTERNAL,
        /** A Testcontainers {@code apache/kafka} container, used when a Docker engine answers. */
        CONTAINER,
        /** Apache Kafka in KRaft combined mode in a child JVM started from this class path. */
        PROCESS
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}. */
    String bootstrapServers();

    /** Which of the three kinds this broker is. */
    Kind kind();

    /** Whether {@link #kill()} and {@link #restart()} work on this broker. */
    boolean supportsFaults();

    /**
     * Kills the broker at once, without a controlled shutdown (SIGKILL, like a crash). Data that
     * was acknowledged stays on disk (the page cache survives the death of a process).
     *
     * @throws UnsupportedOperationException when {@link #supportsFaults()} is false
     */
    void kill();

    /**
     * Starts the broker again on the same address with the same data, after {@link #kill()} or
     * {@link #stop()} (a running broker is stopped first), and waits until it answers.
     *
     * @throws UnsupportedOperationException when {@link #supportsFaults()} is false
     */
    void restart();

    /** Stops the broker gracefully (controlled shutdown); its data stays until {@link #close()}. */
    void stop();

    /** Stops the broker and, when its data is temporary, deletes it. Calling it twice is fine. */
    @Override
    void close();
}
