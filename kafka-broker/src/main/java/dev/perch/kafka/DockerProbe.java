package dev.perch.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Answers quickly and quietly whether Testcontainers can reach a Docker engine. Without any sign of
 * one (no DOCKER_HOST, no Testcontainers settings, no Docker socket) Testcontainers is not even
 * asked, because its own probing logs errors and can take seconds.
 */
final class DockerProbe {

    private static final long PROBE_TIMEOUT_SECONDS = 15;
    private static volatile Boolean cached;

    private DockerProbe() {}

    /** Whether a Docker engine is reachable; asked once per JVM. */
    static boolean dockerReachable() {
        Boolean answer = cached;
        if (answer == null) {
            answer =
                    hasDockerHints(System.getenv(), Path.of(System.getProperty("user.home")))
                            && testcontainersOnClassPath()
                            && askTestcontainers();
            cached = answer;
        }
        return answer;
    }

    /** Whether the environment or the file system shows any sign of a Docker engine. */
    static boolean hasDockerHints(Map<String, String> env, Path home) {
        if (present(env.get("DOCKER_HOST"))
                || present(env.get("TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE"))) {
            return true;
        }
        if (Files.isRegularFile(home.resolve(".testcontainers.properties"))) {
            return true;
        }
        List<Path> sockets = new ArrayList<>();
        sockets.add(Path.of("/var/run/docker.sock"));
        sockets.add(home.resolve(".docker/run/docker.sock"));
        sockets.add(home.resolve(".docker/desktop/docker.sock"));
        sockets.add(home.resolve(".colima/default/docker.sock"));
        sockets.add(home.resolve(".rd/docker.sock"));
        if (present(env.get("XDG_RUNTIME_DIR"))) {
            sockets.add(Path.of(env.get("XDG_RUNTIME_DIR"), "docker.sock"));
            sockets.add(Path.of(env.get("XDG_RUNTIME_DIR"), "podman/podman.sock"));
        }
        return sockets.stream().anyMatch(Files::exists);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static boolean testcontainersOnClassPath() {
        try {
            Class.forName(
                    "org.testcontainers.DockerClientFactory",
                    false,
                    DockerProbe.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean askTestcontainers() {
        CompletableFuture<Boolean> probe =
                CompletableFuture.supplyAsync(
                        () ->
                                org.testcontainers.DockerClientFactory.instance()
                                        .isDockerAvailable());
        try {
            return probe.get(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            probe.cancel(true);
            return false;
        }
    }
}
