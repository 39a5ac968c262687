package dev.perch.events.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializers, deserializers and serdes (clients and Kafka Streams) for Perch records, in
 * Avro single-object encoding through {@link AvroCodec}. A null value stays null (tombstones).
 */
public final class PerchSerdes {
    private PerchSerdes() {}

    /** Serializer and deserializer of one record type, for Kafka Streams. */
    public static <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        AvroCodec<T> codec = AvroCodec.of(type);
        return Serdes.serdeFrom(new CodecSerializer<>(codec), new CodecDeserializer<>(codec));
    }

    /** A serializer for producers. */
    public static <T extends SpecificRecord> Serializer<T> serializer(Class<T> type) {
        return new CodecSerializer<>(AvroCodec.of(type));
    }

    /**
     * A deserializer for consumers. Undecodable bytes throw Kafka's {@link SerializationException}
     * whose message starts with the reason code and whose cause is the {@link
     * RecordDecodeException}.
     */
    public static <T extends SpecificRecord> Deserializer<T> deserializer(Class<T> type) {
        return new CodecDeserializer<>(AvroCodec.of(type));
    }

    /** Adapts a codec to Kafka's {@link Serializer}. */
    private static final class CodecSerializer<T extends SpecificRecord> implements Serializer<T> {
        private final AvroCodec<T> codec;

        CodecSerializer(AvroCodec<T> codec) {
            this.codec = codec;
        }

        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null;
            }
            try {
                return codec.encode(data);
            } catch (IllegalArgumentException e) {
                throw new SerializationException(
                        "Cannot serialize for topic " + topic + ": " + e.getMessage(), e);
            }
        }
    }

    /** Adapts a codec to Kafka's {@link Deserializer}. */
    private static final class CodecDeserializer<T extends SpecificRecord>
            implements Deserializer<T> {
        private final AvroCodec<T> codec;

        CodecDeserializer(AvroCodec<T> codec) {
            this.codec = codec;
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return codec.decode(data);
            } catch (RecordDecodeException e) {
                throw new SerializationException(
                        e.getMessage() + " (topic " + topic + ", " + data.length + " bytes)", e);
            }
        }
    }
}
