package dev.perch.model;

import ai.djl.Device;
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
}
