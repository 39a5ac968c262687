package dev.perch.cli.local;

import dev.perch.events.ops.ParentWatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the command lines of Perch's own JVM processes: the same Java as this process, with the
 * command line's class path (model server, collector) or the stream jobs' own job jar (Flink
 * carries its RocksDB fork, which must not meet the feature store's rocksdbjni).
 */
public final class JavaLauncher {
    private final Path home;

    /** A launcher for the checkout at {@code home} (bin/perch passes it as perch.home). */
    public JavaLauncher(Path home) {
        this.home = home;
    }

    /** The checkout from the {@code perch.home} system property, or the working directory. */
    public static JavaLauncher fromSystemProperties() {
        return new JavaLauncher(
                Path.of(System.getProperty("perch.home", ".")).toAbsolutePath().normalize());
    }

    /** {@code java -Xmx<heap> -cp <this class path> mainClass args...}. */
    public List<String> onOwnClassPath(String heap, String mainClass, List<String> args) {
        return onOwnClassPath(heap, List.of(), mainClass, args);
    }

    /** {@code java -Xmx<heap> jvmOptions... -cp <this class path> mainClass args...}. */
    public List<String> onOwnClassPath(
            String heap, List<String> jvmOptions, String mainClass, List<String> args) {
        return command(heap, jvmOptions, System.getProperty("java.class.path"), mainClass, args);
    }

    /** {@code java -Xmx<heap> -cp <stream-jobs job jar> mainClass args...}. */
    public List<String> onStreamJobsJar(String heap, String mainClass, List<String> args)
            throws IOException {
        return command(heap, List.of(), streamJobsJar().toString(), mainClass, args);
    }

    /** The shaded stream-jobs jar that bin/perch builds. */
    public Path streamJobsJar() throws IOException {
        Path target = home.resolve("stream-jobs/target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                var jar =
                        files.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                                .findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            }
        }
        throw new IOException(
                "the stream jobs' jar is missing under "
                        + target
                        + ": build it with ./mvnw -B -q -DskipTests -pl stream-jobs -am package");
    }

    private static List<String> command(
            String heap,
            List<String> jvmOptions,
            String classPath,
            String mainClass,
            List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOptions);
        // the child exits when perch local is gone, even after a kill -9 (no orphans on the ports)
        command.add(ParentWatch.jvmOption());
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
