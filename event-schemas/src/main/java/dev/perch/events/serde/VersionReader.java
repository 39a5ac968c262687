package dev.perch.events.serde;

import dev.perch.events.schema.SchemaHistory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads one {@code long} field (a state version) out of a record in single-object encoding ({@link
 * AvroCodec}'s bytes) without building the record: a projection schema with only that field,
 * resolved against the writer's schema, skips every other field. The bench's latency probes read
 * thousands of user states and lists a second this way, and the model server's version guard reads
 * the version of a user's stored list without decoding its items. Thread-safe.
 */
public final class VersionReader {
    /** A thread's decoder and projected record, reused from record to record. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final String field;
    private final Map<Long, GenericDatumReader<GenericRecord>> readers;

    private VersionReader(Schema projection, String field, List<Schema> writers) {
        this.field = field;
        Map<Long, GenericDatumReader<GenericRecord>> byFingerprint = new HashMap<>();
        for (Schema writer : writers) {
            byFingerprint.put(
                    SchemaNormalization.parsingFingerprint64(writer),
                    new GenericDatumReader<>(writer, projection, GenericData.get()));
        }
        this.readers = Map.copyOf(byFingerprint);
    }

    /**
     * A reader of {@code field} (a {@code long}) of {@code type}'s records, written with the
     * current or any released version of its schema.
     */
    public static VersionReader of(Class<? extends SpecificRecord> type, String field) {
        Schema current = SchemaHistory.currentSchema(type);
        List<Schema> writers = new ArrayList<>();
        writers.add(current);
        SchemaHistory.versions(type).forEach(v -> writers.add(v.schema()));
        return new VersionReader(projection(current, field), field, writers);
    }

    private static Schema projection(Schema writer, String field) {
        return Schema.createRecord(
                writer.getName(),
                null,
                writer.getNamespace(),
                false,
                List.of(new Schema.Field(field, Schema.create(Schema.Type.LONG))));
    }

    /**
     * The field's value, or -1 when the bytes are not a record of a known version (a poison record
     * on a topic must not stop a probe; it simply covers no event).
     */
    public long version(byte[] bytes) {
        if (bytes == null || !AvroCodec.isSingleObject(bytes)) {
            return -1;
        }
        GenericDatumReader<GenericRecord> reader = readers.get(AvroCodec.fingerprint(bytes));
        if (reader == null) {
            return -1;
        }
        Scratch scratch = SCRATCH.get();
        try {
            BinaryDecoder decoder =
                    DecoderFactory.get()
                            .binaryDecoder(
                                    bytes,
                                    AvroCodec.HEADER_BYTES,
                                    bytes.length - AvroCodec.HEADER_BYTES,
                                    scratch.decoder);
            scratch.decoder = decoder;
            scratch.record = reader.read(scratch.record, decoder);
            return (Long) scratch.record.get(field);
        } catch (IOException | RuntimeException e) {
            scratch.record = null;
            return -1;
        }
    }

    /** One thread's reusable decoding state. */
    private static final class Scratch {
        BinaryDecoder decoder;
        GenericRecord record;
    }
}
