package dev.perch.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * Where Perch meets the DJL runtime: forces offline mode (libtorch and its JNI come from the Maven
 * jars, nothing is downloaded) before the engine loads, and maps a device name to a {@link Device}.
 */
public final class Djl {
    /** The engine every Perch model runs on. */
    public static final String ENGINE = "PyTorch";

    private Djl() {}

    /**
     * libtorch's intra- and inter-op thread counts. Perch sets both to 1 unless the caller chose:
     * callers bring their own parallelism (one predictor per stream thread), and libtorch's OpenMP
     * threads spin while waiting, which made training 10-15x slower when the cores were shared with
     * other processes (measured: 8-11 s instead of 99-160 s for the same run).
     */
    static final String[] THREAD_PROPERTIES = {
        "ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads"
    };

    private static volatile boolean staged;

    /**
     * Sets {@code ai.djl.offline=true} unless the caller set it, and stages the native libraries
     * from the Maven jars (see {@link OfflineNatives}), and makes libtorch single-threaded unless
     * {@code ai.djl.pytorch.num_threads} is set; call before the first DJL use.
     */
    public static void offline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        for (String threads : THREAD_PROPERTIES) {
            if (System.getProperty(threads) == null) {
                System.setProperty(threads, "1");
            }
        }
        if (!staged) {
            OfflineNatives.stage();
            staged = true;
        }
    }

    /**
     * The device called {@code name}: "cpu", "gpu" or "cuda" (GPU 0), or "gpu:N"/"cuda:N".
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Device device(String name) {
        String n = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.equals("gpu") || n.equals("cuda")) {
            return Device.gpu();
        }
        for (String prefix : new String[] {"gpu:", "cuda:"}) {
            if (n.startsWith(prefix)) {
                try {
                    return Device.gpu(Integer.parseInt(n.substring(prefix.length())));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown device '" + name + "' (cpu, gpu, cuda, gpu:N, cuda:N)");
    }

    /**
     * A float32 scalar held in memory that libtorch allocated, for {@code mul} and {@code div}
     * inside a block that is trained: write {@code x.mul(Djl.scalar(x, t))}, never {@code
     * x.mul(t)}.
     *
     * <p>Why: DJL's PyTorch engine turns a Java number operand into a tensor over a Java direct
     * buffer ({@code torch::from_blob}) and closes its wrapper right after the op. Autograd keeps
     * that tensor for the backward pass of {@code mul} and {@code div}, so once the garbage
     * collector frees the buffer, the gradient reads freed memory: SASRec+ training went NaN or
     * differed from run to run (6 of 8 runs of one seed under a thread that forces collections, and
     * the CI failure of session 4). {@code full} allocates inside libtorch, so the saved tensor
     * stays valid. The scalar is attached to {@code like}'s manager and closes with it.
     */
    public static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, DataType.FLOAT32);
    }
}
