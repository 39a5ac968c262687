package dev.perch.cli.privacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP addresses a process listens on, read from Linux's {@code /proc}: its socket inodes from
 * {@code /proc/<pid>/fd}, matched against the LISTEN entries of {@code /proc/net/tcp} and {@code
 * tcp6}. Empty where there is no {@code /proc}.
 */
final class Listeners {
    private static final String LISTEN = "0A";

    private Listeners() {}

    /** {@code host:port} of each listening socket of {@code pid}, the host as hex from /proc. */
    static List<String> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        Path fds = Path.of("/proc", Long.toString(pid), "fd");
        if (!Files.isDirectory(fds)) {
            return List.of();
        }
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : links.toList()) {
                try {
                    String target = Files.readSymbolicLink(link).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed while we looked
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line :
                    Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    listening.add(f[1]);
                }
            }
        }
        return listening;
    }

    /** Whether a /proc address ({@code HEXIP:HEXPORT}) is a loopback address. */
    static boolean isLoopback(String address) {
        String ip = address.substring(0, address.indexOf(':'));
        if (ip.length() == 8) {
            return ip.endsWith("7F"); // IPv4, little-endian: 127.x.x.x
        }
        return ip.equals("00000000000000000000000001000000") // ::1
                || ip.startsWith("0000000000000000FFFF0000") && ip.endsWith("7F"); // ::ffff:127.x
    }
}
