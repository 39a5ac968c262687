package dev.perch.featurestore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Embeddings in the store: the raw float32 values, little-endian, no header (4 x d bytes). */
final class VectorBytes {
    private VectorBytes() {}

    static byte[] encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES);
        buffer.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] decode(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException(
                    "an embedding value of " + bytes.length + " bytes is not a float32 array");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
