package dev.perch.events.flink;

import dev.perch.events.serde.AvroCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Flink {@link SerializationSchema} writing Perch records in Avro single-object encoding, the same
 * bytes as {@link dev.perch.events.serde.PerchSerdes}; for Flink's Kafka sink.
 */
public final class AvroSerializationSchema<T extends SpecificRecord>
        implements SerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient AvroCodec<T> codec;

    private AvroSerializationSchema(Class<T> type) {
        this.type = type;
    }

    /** A schema for one generated record class. */
    public static <T extends SpecificRecord> AvroSerializationSchema<T> of(Class<T> type) {
        return new AvroSerializationSchema<>(type);
    }

    @Override
    public void open(InitializationContext context) {
        codec();
    }

    @Override
    public byte[] serialize(T element) {
        return codec().encode(element);
    }

    private AvroCodec<T> codec() {
        if (codec == null) {
            codec = AvroCodec.of(type);
        }
        return codec;
    }
}
