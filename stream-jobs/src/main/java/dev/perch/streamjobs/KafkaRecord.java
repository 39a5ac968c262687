package dev.perch.streamjobs;

/**
 * A Kafka record exactly as read: bytes not yet decoded, so that a record that cannot be decoded
 * reaches the dead-letter topic with its original key, value and position.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param timestamp the Kafka record timestamp (epoch milliseconds)
 * @param key the key bytes, or null
 * @param value the value bytes, or null for a tombstone
 */
public record KafkaRecord(
        String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {}
