package dev.perch.events.serde;

import dev.perch.events.schema.SchemaHistory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one record type in Avro single-object encoding (C3 01, the 8-byte CRC-64-AVRO
 * fingerprint of the writer's schema, then the body). Decoding knows every released version from
 * {@link SchemaHistory} and resolves older records into the current class. Thread-safe.
 */
public final class AvroCodec<T extends SpecificRecord> {
    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> type, Collection<Schema> writerSchemas) {
        SpecificData model = SpecificData.getForClass(type);
        this.type = type;
        this.schema = model.getSchema(type);
        SchemaStore.Cache store = new SchemaStore.Cache();
        writerSchemas.forEach(store::addSchema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, store);
    }

    /** A codec for a generated record class that reads every released version of its schema. */
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        List<Schema> schemas = new ArrayList<>();
        SchemaHistory.versions(type).forEach(v -> schemas.add(v.schema()));
        return new AvroCodec<>(type, schemas);
    }

    /**
     * A codec that also reads records written with the given schemas (besides the current one); for
     * tests and tools that carry versions not bundled in this jar.
     */
    public static <T extends SpecificRecord> AvroCodec<T> of(
            Class<T> type, Collection<Schema> writerSchemas) {
        return new AvroCodec<>(type, List.copyOf(writerSchemas));
    }

    /** The record class this codec produces. */
    public Class<T> type() {
        return type;
    }

    /** The current (reader and writer) schema. */
    public Schema schema() {
        return schema;
    }

    /**
     * The record in single-object encoding.
     *
     * @throws IllegalArgumentException if the record does not fit its schema (a required field left
     *     null)
     */
    public byte[] encode(T record) {
        if (record == null) {
            throw new IllegalArgumentException("Cannot encode a null " + schema.getName());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try {
            encoder.encode(record, out);
        } catch (IOException e) {
            throw new IllegalStateException("Writing to memory failed", e);
        } catch (AvroRuntimeException | NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException(
                    "Cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * The record these bytes hold, resolved to the current schema.
     *
     * @throws RecordDecodeException with reason {@code EMPTY}, {@code UNKNOWN_SCHEMA} or {@code
     *     UNDECODABLE}
     */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new RecordDecodeException(
                    RecordDecodeException.EMPTY, "no bytes for a " + schema.getName(), null);
        }
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        T record;
        try {
            record = decoder.decode(in, null);
        } catch (MissingSchemaException e) {
            throw new RecordDecodeException(
                    RecordDecodeException.UNKNOWN_SCHEMA,
                    "no known version of " + schema.getName() + " has this fingerprint",
                    e);
        } catch (BadHeaderException e) {
            throw new RecordDecodeException(
                    RecordDecodeException.UNDECODABLE,
                    "not Avro single-object encoding (" + e.getMessage() + ")",
                    e);
        } catch (IOException | RuntimeException e) {
            throw new RecordDecodeException(
                    RecordDecodeException.UNDECODABLE,
                    "body is not a valid " + schema.getName() + " (" + e + ")",
                    e);
        }
        if (in.available() > 0) {
            throw new RecordDecodeException(
                    RecordDecodeException.UNDECODABLE,
                    in.available() + " bytes left after the " + schema.getName(),
                    null);
        }
        return record;
    }
}
