package dev.perch.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PERCHEMB item-embeddings file of an artifact, byte for byte the format of feature-store's
 * {@code dev.perch.featurestore.EmbeddingsFile} (which bulk-loads it): big-endian, magic
 * "PERCHEMB", format 1, dimension, count, version (modified UTF-8), then per item its id and d
 * float32. Kept here while feature-store is not installed for this module to compile against.
 */
final class EmbeddingsCodec {
    static final byte[] MAGIC = "PERCHEMB".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;

    /** What the header says. */
    record Header(String version, int dimension, long count) {}

    private EmbeddingsCodec() {}

    static void write(Path file, String version, int dimension, Map<String, float[]> vectors)
            throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.write(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(dimension);
            out.writeLong(vectors.size());
            out.writeUTF(version);
            ByteBuffer values = ByteBuffer.allocate(dimension * Float.BYTES);
            for (Map.Entry<String, float[]> e : vectors.entrySet()) {
                if (e.getValue().length != dimension) {
                    throw new IllegalArgumentException(
                            "item "
                                    + e.getKey()
                                    + " has "
                                    + e.getValue().length
                                    + " values, not "
                                    + dimension);
                }
                out.writeUTF(e.getKey());
                values.clear();
                values.asFloatBuffer().put(e.getValue());
                out.write(values.array());
            }
        }
    }

    static Header header(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            return readHeader(file, in);
        }
    }

    static Map<String, float[]> read(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            Header header = readHeader(file, in);
            Map<String, float[]> vectors = new LinkedHashMap<>();
            byte[] bytes = new byte[header.dimension() * Float.BYTES];
            for (long i = 0; i < header.count(); i++) {
                try {
                    String id = in.readUTF();
                    in.readFully(bytes);
                    float[] vector = new float[header.dimension()];
                    ByteBuffer.wrap(bytes).asFloatBuffer().get(vector);
                    vectors.put(id, vector);
                } catch (EOFException e) {
                    throw new IOException(
                            file + " is truncated: record " + (i + 1) + " of " + header.count(), e);
                }
            }
            return vectors;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    private static Header readHeader(Path file, DataInputStream in) throws IOException {
        try {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a Perch embeddings file (bad magic)");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException(
                        file + " has embeddings format " + format + ", this build reads " + FORMAT);
            }
            int dimension = in.readInt();
            long count = in.readLong();
            String version = in.readUTF();
            if (dimension <= 0 || count < 0) {
                throw new IOException(
                        file + " has a bad header: dimension " + dimension + ", count " + count);
            }
            return new Header(version, dimension, count);
        } catch (EOFException e) {
            throw new IOException(file + " ends inside its header", e);
        }
    }
}
