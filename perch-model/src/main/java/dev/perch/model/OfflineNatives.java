package dev.perch.model;

import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Puts libtorch (from {@code pytorch-native-cpu}) and the DJL JNI library (from {@code
 * pytorch-jni}) where the PyTorch engine looks first, before it loads, so nothing is downloaded.
 *
 * <p>Why: DJL 0.36.0's BOM names {@code pytorch-jni 2.7.1-0.36.0}, which is not on Maven Central.
 * The engine rejects the published {@code 2.7.1-0.35.1} JNI jar by its version string and tries to
 * download, which fails offline. The JNI interface of the two engine versions is identical (the 265
 * native methods of {@code PyTorchLibrary} match), so the 0.35.1 build of the same libtorch 2.7.1
 * is staged under the name the 0.36.0 engine looks for: {@code
 * <cache>/pytorch/<libtorch>-<flavor>-<classifier>/<djl>-libdjl_torch.so}.
 */
final class OfflineNatives {
    private static final String JNI_NAME = "libdjl_torch.so";

    private OfflineNatives() {}

    /**
     * Stages the native files when the Maven jars are on the class path; does nothing otherwise.
     */
    static synchronized void stage() {
        Properties natives = resource("native/lib/pytorch.properties");
        Properties engine = resource("pytorch-engine.properties");
        if (natives == null || engine == null) {
            return;
        }
        String version = natives.getProperty("version");
        String flavor = natives.getProperty("flavor");
        String classifier = natives.getProperty("classifier");
        String libraries = natives.getProperty("libraries", "");
        String djlVersion = engine.getProperty("djl_version");
        String jniResource = "jnilib/" + classifier + "/" + flavor + "/" + JNI_NAME;
        if (version == null || djlVersion == null || !exists(jniResource)) {
            return;
        }
        Path cache = Utils.getEngineCacheDir("pytorch");
        Path dir = cache.resolve(version + '-' + flavor + '-' + classifier);
        try {
            Files.createDirectories(cache);
            if (!Files.isDirectory(dir)) {
                Path temp = Files.createTempDirectory(cache, "perch-tmp");
                for (String library : libraries.split(",")) {
                    if (!library.isBlank()) {
                        copy(
                                "pytorch/" + flavor + "/" + classifier + "/" + library.trim(),
                                temp.resolve(library.trim()));
                    }
                }
                copy(jniResource, temp.resolve(djlVersion + '-' + JNI_NAME));
                try {
                    Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    ArtifactWriter.deleteRecursively(temp);
                }
            }
            Path jni = dir.resolve(djlVersion + '-' + JNI_NAME);
            if (!Files.exists(jni)) {
                Path temp = Files.createTempFile(dir, "perch-jni", ".tmp");
                copy(jniResource, temp);
                Files.move(temp, jni, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot stage the PyTorch native libraries in " + dir, e);
        }
    }

    private static Properties resource(String name) {
        try (InputStream in = OfflineNatives.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exists(String name) {
        return OfflineNatives.class.getClassLoader().getResource(name) != null;
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = OfflineNatives.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing class-path resource " + resource);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
