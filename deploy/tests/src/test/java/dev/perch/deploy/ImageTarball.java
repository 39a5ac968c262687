package dev.perch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image tarball as Jib's {@code buildTar} writes it (Docker {@code manifest.json} or OCI
 * layout), read without a container runtime: its config and the files of each layer.
 */
final class ImageTarball {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode config;
    private final List<Map<String, byte[]>> layers;
    private final Map<String, Long> sizes;

    private ImageTarball(
            JsonNode config, List<Map<String, byte[]>> layers, Map<String, Long> sizes) {
        this.config = config;
        this.layers = layers;
        this.sizes = sizes;
    }

    /**
     * Reads {@code tar}. For the jar files {@code listJar} accepts, the kept content is the list of
     * the jar's entry names, one per line (read while streaming: a job jar is 150 MB); other files
     * keep only their size.
     */
    static ImageTarball read(Path tar, Predicate<String> listJar) throws IOException {
        // pass 1: the small JSON documents (manifest, index, config); layers are streamed later
        Map<String, byte[]> small = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile() && e.getSize() < 1_000_000) {
                    small.put(e.getName(), in.readAllBytes());
                }
            }
        }
        JsonNode config;
        List<String> layerNames = new ArrayList<>();
        if (small.containsKey("manifest.json")) {
            JsonNode manifest = JSON.readTree(small.get("manifest.json")).get(0);
            config = JSON.readTree(small.get(manifest.path("Config").asText()));
            manifest.path("Layers").forEach(l -> layerNames.add(l.asText()));
        } else {
            JsonNode index = JSON.readTree(small.get("index.json"));
            JsonNode manifest = JSON.readTree(small.get(blob(index.path("manifests").get(0))));
            config = JSON.readTree(small.get(blob(manifest.path("config"))));
            manifest.path("layers").forEach(l -> layerNames.add(blob(l)));
        }
        // pass 2: each layer, in the manifest's order
        Map<String, Map<String, byte[]>> byName = new HashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (!layerNames.contains(e.getName())) {
                    continue;
                }
                Map<String, byte[]> files = new LinkedHashMap<>();
                TarArchiveInputStream layer =
                        new TarArchiveInputStream(new GZIPInputStream(nonClosing(in), 65536));
                TarArchiveEntry f;
                while ((f = layer.getNextEntry()) != null) {
                    String path =
                            "/" + f.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
                    if (f.isFile()) {
                        sizes.put(path, f.getSize());
                        files.put(path, listJar.test(path) ? jarEntries(layer) : new byte[0]);
                    }
                }
                byName.put(e.getName(), files);
            }
        }
        List<Map<String, byte[]>> layers = new ArrayList<>();
        for (String name : layerNames) {
            layers.add(byName.get(name));
        }
        return new ImageTarball(config, layers, sizes);
    }

    private static byte[] jarEntries(InputStream jarBytes) throws IOException {
        StringBuilder names = new StringBuilder();
        try (JarInputStream jar = new JarInputStream(nonClosing(jarBytes))) {
            JarEntry entry;
            while ((entry = jar.getNextJarEntry()) != null) {
                names.append(entry.getName()).append('\n');
            }
        }
        return names.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static InputStream nonClosing(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {}
        };
    }

    private static String blob(JsonNode descriptor) {
        return "blobs/" + descriptor.path("digest").asText().replace(':', '/');
    }

    /** The image config's {@code config} object (Entrypoint, User, ExposedPorts, Env, Labels). */
    JsonNode containerConfig() {
        return config.path("config");
    }

    List<String> entrypoint() {
        List<String> out = new ArrayList<>();
        containerConfig().path("Entrypoint").forEach(n -> out.add(n.asText()));
        return out;
    }

    String user() {
        return containerConfig().path("User").asText();
    }

    List<String> exposedPorts() {
        List<String> out = new ArrayList<>();
        containerConfig().path("ExposedPorts").fieldNames().forEachRemaining(out::add);
        return out;
    }

    Map<String, String> env() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode e : containerConfig().path("Env")) {
            String s = e.asText();
            out.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        return out;
    }

    List<Map<String, byte[]>> layers() {
        return layers;
    }

    /** Every file path in any layer. */
    java.util.Set<String> files() {
        return sizes.keySet();
    }

    /** The kept content of {@code path} (see {@link #read}), from the topmost layer that has it. */
    byte[] file(String path) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).containsKey(path)) {
                return layers.get(i).get(path);
            }
        }
        throw new AssertionError("no " + path + " in the image");
    }
}
