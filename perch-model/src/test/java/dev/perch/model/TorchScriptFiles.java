package dev.perch.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a real TorchScript archive from Java (no Python here): a linear ranker {@code x @ weight +
 * bias} as {@code torch.jit.save} lays it out (code/__torch__.py, data.pkl, data/N, constants.pkl,
 * version), so the TorchScript path of {@link DjlScorer} is tested with libtorch itself.
 */
public final class TorchScriptFiles {
    private TorchScriptFiles() {}

    /**
     * A module whose forward is {@code torch.add(torch.matmul(x, weight), bias)}: with {@code
     * column = false} weight is [COUNT] and the output [n]; with {@code column = true} weight is
     * [COUNT, 1] and the output [n, 1].
     */
    public static void writeLinear(Path file, float[] weight, float bias, boolean column)
            throws IOException {
        String code =
                "class Ranker(Module):\n"
                        + "  __parameters__ = [\"weight\", \"bias\", ]\n"
                        + "  __buffers__ = []\n"
                        + "  weight : Tensor\n"
                        + "  bias : Tensor\n"
                        + "  training : bool\n"
                        + "  def forward(self: __torch__.Ranker,\n"
                        + "    x: Tensor) -> Tensor:\n"
                        + "    weight = self.weight\n"
                        + "    bias = self.bias\n"
                        + "    return torch.add(torch.matmul(x, weight), bias)\n";
        long[] weightShape = column ? new long[] {weight.length, 1} : new long[] {weight.length};
        Pickle data = new Pickle();
        data.global("__torch__", "Ranker").emptyTuple().newObj().emptyDict().mark();
        data.string("training").bool(false);
        data.string("weight").tensor("0", weight.length, weightShape);
        data.string("bias").tensor("1", 1, new long[] {1});
        data.setItems().build().stop();
        Pickle constants = new Pickle();
        constants.emptyTuple().stop();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            stored(zip, "ranker/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, "ranker/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
            stored(zip, "ranker/data.pkl", data.bytes());
            stored(zip, "ranker/constants.pkl", constants.bytes());
            stored(zip, "ranker/data/0", floats(weight));
            stored(zip, "ranker/data/1", floats(new float[] {bias}));
        }
    }

    private static byte[] floats(float[] values) {
        ByteBuffer buffer =
                ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Just the pickle opcodes (protocol 2) TorchScript's unpickler reads. */
    private static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle() {
            out.write(0x80);
            out.write(2);
        }

        Pickle global(String module, String name) {
            out.write('c');
            write((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Pickle emptyTuple() {
            out.write(')');
            return this;
        }

        Pickle emptyDict() {
            out.write('}');
            return this;
        }

        Pickle newObj() {
            out.write(0x81);
            return this;
        }

        Pickle mark() {
            out.write('(');
            return this;
        }

        Pickle tuple() {
            out.write('t');
            return this;
        }

        Pickle setItems() {
            out.write('u');
            return this;
        }

        Pickle build() {
            out.write('b');
            return this;
        }

        Pickle reduce() {
            out.write('R');
            return this;
        }

        Pickle stop() {
            out.write('.');
            return this;
        }

        Pickle bool(boolean value) {
            out.write(value ? 0x88 : 0x89);
            return this;
        }

        Pickle integer(long value) {
            out.write('J');
            write(
                    ByteBuffer.allocate(4)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putInt((int) value)
                            .array());
            return this;
        }

        Pickle string(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.write('X');
            write(
                    ByteBuffer.allocate(4)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(bytes.length)
                            .array());
            write(bytes);
            return this;
        }

        /** torch._utils._rebuild_tensor_v2(storage, 0, shape, contiguous strides, False, {}). */
        Pickle tensor(String key, long numel, long[] shape) {
            global("torch._utils", "_rebuild_tensor_v2").mark();
            mark().string("storage").global("torch", "FloatStorage").string(key).string("cpu");
            integer(numel).tuple();
            out.write('Q');
            integer(0);
            mark();
            for (long d : shape) {
                integer(d);
            }
            tuple().mark();
            long stride = 1;
            long[] strides = new long[shape.length];
            for (int i = shape.length - 1; i >= 0; i--) {
                strides[i] = stride;
                stride *= shape[i];
            }
            for (long s : strides) {
                integer(s);
            }
            tuple().bool(false);
            global("collections", "OrderedDict").emptyTuple().reduce();
            return tuple().reduce();
        }

        private void write(byte[] bytes) {
            out.write(bytes, 0, bytes.length);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
