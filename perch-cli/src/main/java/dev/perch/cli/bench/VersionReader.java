package dev.perch.cli.bench;

import dev.perch.events.schema.SchemaHistory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads one {@code long} field (a state version) out of an Avro single-object encoded record
 * without building the record: a projection schema with only that field, resolved against the
 * writer's schema, skips every other field. The latency probes read thousands of user states and
 * lists a second this way instead of decoding vectors and item lists they do not need.
 */
public final class VersionReader {
    private final String field;
    private final BinaryMessageDecoder<GenericRecord> decoder;
    private GenericRecord reuse;

    private VersionReader(Schema projection, String field, List<Schema> writers) {
        this.field = field;
        SchemaStore.Cache store = new SchemaStore.Cache();
        writers.forEach(store::addSchema);
        this.decoder = new BinaryMessageDecoder<>(GenericData.get(), projection, store);
    }

    /**
     * A reader of {@code field} (a {@code long}) of {@code type}'s records, written with any
     * released version of its schema.
     */
    public static VersionReader of(Class<? extends SpecificRecord> type, String field) {
        Schema current = SchemaHistory.currentSchema(type);
        List<Schema> writers = new ArrayList<>();
        writers.add(current);
        SchemaHistory.versions(type).forEach(v -> writers.add(v.schema()));
        Schema projection =
                Schema.createRecord(
                        current.getName(),
                        null,
                        current.getNamespace(),
                        false,
                        List.of(new Schema.Field(field, Schema.create(Schema.Type.LONG))));
        return new VersionReader(projection, field, writers);
    }

    /** A reader for records written with exactly {@code writer} (tests). */
    static VersionReader forSchema(Schema writer, String field) {
        Schema projection =
                Schema.createRecord(
                        writer.getName(),
                        null,
                        writer.getNamespace(),
                        false,
                        List.of(new Schema.Field(field, Schema.create(Schema.Type.LONG))));
        return new VersionReader(projection, field, List.of(writer));
    }

    /**
     * The field's value, or -1 when the bytes are not a record of a known version (a poison record
     * on the topic must not stop the probe; it simply covers no event). Not thread-safe.
     */
    public long version(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return -1;
        }
        try {
            reuse = decoder.decode(bytes, reuse);
            return (Long) reuse.get(field);
        } catch (IOException | AvroRuntimeException | ClassCastException e) {
            return -1;
        }
    }
}
