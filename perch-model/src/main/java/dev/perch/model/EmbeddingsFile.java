package dev.perch.model;

import dev.perch.featurestore.ItemVector;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The item-embeddings file of a model artifact: a header, then one (item id, vector) record per
 * item. The trainer writes it ({@link ArtifactWriter}) and the model reads it ({@link
 * ModelArtifact#loadEmbeddings}); the feature store is handed the vectors, never the file. All
 * numbers are big-endian (Java's {@code DataOutputStream}; Python {@code struct} "&gt;"):
 *
 * <pre>
 * magic       8 bytes   ASCII "PERCHEMB"
 * format      int32     1
 * dimension   int32     d, the same for every vector
 * count       int64     number of records that follow
 * version     uint16 n, then n bytes UTF-8: the embedding (model) version, e.g. "2026-11-22.1"
 * records     count times: uint16 n, n bytes UTF-8 item id, then d float32 values
 * </pre>
 */
public final class EmbeddingsFile {
    static final byte[] MAGIC = "PERCHEMB".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;

    private EmbeddingsFile() {}

    /** What the header of an embeddings file says. */
    public record Header(String version, int dimension, long count) {}

    /** Writes a complete file; every vector must have {@code dimension} values. */
    public static void write(
            Path file, String version, int dimension, long count, Iterable<ItemVector> vectors)
            throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.write(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(dimension);
            out.writeLong(count);
            out.writeUTF(version);
            ByteBuffer values = ByteBuffer.allocate(dimension * Float.BYTES);
            long written = 0;
            for (ItemVector v : vectors) {
                if (v.vector().length != dimension) {
                    throw new IllegalArgumentException(
                            "item "
                                    + v.itemId()
                                    + " has "
                                    + v.vector().length
                                    + " values, not "
                                    + dimension);
                }
                out.writeUTF(v.itemId());
                values.clear();
                values.asFloatBuffer().put(v.vector());
                out.write(values.array());
                written++;
            }
            if (written != count) {
                throw new IllegalArgumentException(
                        "header promised " + count + " records but " + written + " were given");
            }
        }
    }

    /** Opens a file for reading; the header is checked at once. */
    public static Reader open(Path file) throws IOException {
        return new Reader(file);
    }

    /** Streams the records of one file; close it when done. */
    public static final class Reader implements Iterator<ItemVector>, Closeable {
        private final Path file;
        private final DataInputStream in;
        private final Header header;
        private final byte[] values;
        private long read;

        private Reader(Path file) throws IOException {
            this.file = file;
            this.in =
                    new DataInputStream(
                            new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            try {
                byte[] magic = new byte[MAGIC.length];
                in.readFully(magic);
                if (!Arrays.equals(magic, MAGIC)) {
                    throw new IOException(file + " is not a Perch embeddings file (bad magic)");
                }
                int format = in.readInt();
                if (format != FORMAT) {
                    throw new IOException(
                            file
                                    + " has embeddings format "
                                    + format
                                    + ", this build reads "
                                    + FORMAT);
                }
                int dimension = in.readInt();
                long count = in.readLong();
                String version = in.readUTF();
                if (dimension <= 0 || count < 0) {
                    throw new IOException(
                            file
                                    + " has a bad header: dimension "
                                    + dimension
                                    + ", count "
                                    + count);
                }
                this.header = new Header(version, dimension, count);
                this.values = new byte[dimension * Float.BYTES];
            } catch (IOException e) {
                in.close();
                throw e instanceof EOFException
                        ? new IOException(file + " ends inside its header", e)
                        : e;
            }
        }

        public Header header() {
            return header;
        }

        @Override
        public boolean hasNext() {
            return read < header.count();
        }

        @Override
        public ItemVector next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                String id = in.readUTF();
                in.readFully(values);
                float[] vector = new float[header.dimension()];
                ByteBuffer.wrap(values).asFloatBuffer().get(vector);
                read++;
                return new ItemVector(id, vector);
            } catch (EOFException e) {
                throw new UncheckedIOException(
                        new IOException(
                                file
                                        + " is truncated: record "
                                        + (read + 1)
                                        + " of "
                                        + header.count(),
                                e));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
