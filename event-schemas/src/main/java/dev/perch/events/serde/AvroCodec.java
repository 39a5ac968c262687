package dev.perch.events.serde;

import dev.perch.events.schema.SchemaHistory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one record type in Avro single-object encoding (C3 01, the 8-byte CRC-64-AVRO
 * fingerprint of the writer's schema, then the body). Decoding knows every released version from
 * {@link SchemaHistory} and resolves older records into the current class. Thread-safe.
 *
 * <p>The bytes are Avro's {@link BinaryMessageEncoder}'s, byte for byte, and every record that
 * Avro's {@link BinaryMessageDecoder} reads decodes to the same object (AvroCodecTest checks both).
 * The body is written and read through Avro's buffered binary encoder and decoder on a byte array,
 * not through the message classes: those use Avro's direct encoder and decoder, which write and
 * read a {@code ByteArrayOutputStream} or {@code ByteArrayInputStream} one synchronized call per
 * byte (issue 16: those calls alone were about 2 % of the model server's and the stream jobs' CPU
 * at 5,000 events/s; {@code AvroCodecBenchmark} measures both ways).
 */
public final class AvroCodec<T extends SpecificRecord> {
    /** The two marker bytes of single-object encoding's version 1. */
    private static final byte[] MARKER = {(byte) 0xC3, (byte) 0x01};

    static final int HEADER_BYTES = 10;

    /** The largest output buffer a thread keeps between records. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;

    /** A thread's encoder, decoder and output buffer, reused from record to record. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final Class<T> type;
    private final Schema schema;
    private final byte[] header;
    private final DatumWriter<T> writer;
    private final Map<Long, DatumReader<T>> readers;

    @SuppressWarnings("unchecked")
    private AvroCodec(Class<T> type, Collection<Schema> writerSchemas) {
        SpecificData model = SpecificData.getForClass(type);
        this.type = type;
        this.schema = model.getSchema(type);
        long current = SchemaNormalization.parsingFingerprint64(schema);
        this.header = header(current);
        this.writer = (DatumWriter<T>) model.createDatumWriter(schema);
        Map<Long, DatumReader<T>> byFingerprint = new HashMap<>();
        for (Schema written : writerSchemas) {
            byFingerprint.put(
                    SchemaNormalization.parsingFingerprint64(written),
                    (DatumReader<T>) model.createDatumReader(written, schema));
        }
        byFingerprint.put(current, (DatumReader<T>) model.createDatumReader(schema, schema));
        this.readers = Map.copyOf(byFingerprint);
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
        Scratch scratch = SCRATCH.get();
        try {
            // configure first: a reused encoder hands what an aborted record left to the old
            // stream, which the reset then clears
            BinaryEncoder encoder =
                    EncoderFactory.get().binaryEncoder(scratch.out, scratch.encoder);
            scratch.encoder = encoder;
            scratch.out.reset();
            scratch.out.writeBytes(header);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            scratch.encoder = null;
            throw new IllegalStateException("Writing to memory failed", e);
        } catch (AvroRuntimeException | NullPointerException | ClassCastException e) {
            scratch.encoder = null;
            throw new IllegalArgumentException(
                    "Cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
        byte[] bytes = scratch.out.toByteArray();
        if (bytes.length > KEPT_BUFFER_BYTES) {
            // a rare large record: its buffer is not kept for the thread's life
            SCRATCH.remove();
        }
        return bytes;
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
        if (!isSingleObject(bytes)) {
            throw notSingleObject(
                    bytes.length < HEADER_BYTES
                            ? "Not enough header bytes"
                            : String.format(
                                    "Unrecognized header bytes: 0x%02X 0x%02X",
                                    bytes[0], bytes[1]));
        }
        DatumReader<T> reader = readers.get(fingerprint(bytes));
        if (reader == null) {
            throw new RecordDecodeException(
                    RecordDecodeException.UNKNOWN_SCHEMA,
                    "no known version of " + schema.getName() + " has this fingerprint",
                    null);
        }
        Scratch scratch = SCRATCH.get();
        BinaryDecoder decoder =
                DecoderFactory.get()
                        .binaryDecoder(
                                bytes, HEADER_BYTES, bytes.length - HEADER_BYTES, scratch.decoder);
        scratch.decoder = decoder;
        T record;
        int left;
        try {
            record = reader.read(null, decoder);
            left = decoder.isEnd() ? 0 : decoder.inputStream().available();
        } catch (IOException | RuntimeException e) {
            throw new RecordDecodeException(
                    RecordDecodeException.UNDECODABLE,
                    "body is not a valid " + schema.getName() + " (" + e + ")",
                    e);
        }
        if (left > 0) {
            throw new RecordDecodeException(
                    RecordDecodeException.UNDECODABLE,
                    left + " bytes left after the " + schema.getName(),
                    null);
        }
        return record;
    }

    private static RecordDecodeException notSingleObject(String why) {
        return new RecordDecodeException(
                RecordDecodeException.UNDECODABLE,
                "not Avro single-object encoding (" + why + ")",
                null);
    }

    /** The header of single-object encoding: the marker, then the fingerprint, little-endian. */
    private static byte[] header(long fingerprint) {
        byte[] header = new byte[HEADER_BYTES];
        header[0] = MARKER[0];
        header[1] = MARKER[1];
        for (int i = 0; i < 8; i++) {
            header[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return header;
    }

    /**
     * Whether {@code bytes} start with single-object encoding's header (marker and fingerprint).
     */
    static boolean isSingleObject(byte[] bytes) {
        return bytes.length >= HEADER_BYTES && bytes[0] == MARKER[0] && bytes[1] == MARKER[1];
    }

    /** The writer schema's fingerprint in a header (bytes 2-9, little-endian). */
    static long fingerprint(byte[] bytes) {
        long fingerprint = 0;
        for (int i = HEADER_BYTES - 1; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (bytes[i] & 0xFF);
        }
        return fingerprint;
    }

    /** One thread's reusable encoding state. */
    private static final class Scratch {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder;
        BinaryDecoder decoder;
    }
}
