package dev.perch.events.flink;

import dev.perch.events.serde.AvroCodec;
import dev.perch.events.serde.RecordDecodeException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Flink {@link DeserializationSchema} reading Perch records in Avro single-object encoding, every
 * released schema version included. Produces {@link AvroTypeInfo}, so Flink copies and stores the
 * records with its Avro serializer (not Kryo) and state can evolve with the schema.
 *
 * <p>A null message (tombstone) is skipped. Undecodable bytes throw {@link RecordDecodeException}
 * and fail the task; a job that must route them to dead letters reads raw bytes and decodes with
 * {@link AvroCodec} itself.
 */
public final class AvroDeserializationSchema<T extends SpecificRecord>
        implements DeserializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private transient AvroCodec<T> codec;

    private AvroDeserializationSchema(Class<T> type) {
        if (!SpecificRecordBase.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(
                    type.getName() + " is not a generated Avro class (SpecificRecordBase)");
        }
        this.type = type;
    }

    /** A schema for one generated record class. */
    public static <T extends SpecificRecord> AvroDeserializationSchema<T> of(Class<T> type) {
        return new AvroDeserializationSchema<>(type);
    }

    @Override
    public void open(InitializationContext context) {
        codec();
    }

    /**
     * The record, or null for a null message.
     *
     * @throws RecordDecodeException when the bytes are not a known version of the record
     */
    @Override
    public T deserialize(byte[] message) {
        if (message == null) {
            return null;
        }
        return codec().decode(message);
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public TypeInformation<T> getProducedType() {
        return (TypeInformation<T>) new AvroTypeInfo(type.asSubclass(SpecificRecordBase.class));
    }

    private AvroCodec<T> codec() {
        if (codec == null) {
            codec = AvroCodec.of(type);
        }
        return codec;
    }
}
