package dev.perch.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds TCP ports on the loopback interface that nothing listens on right now. */
final class FreePorts {

    private FreePorts() {}

    /** A port the operating system considers free, other than {@code except}. */
    static int pick(int except) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (port != except) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open a loopback socket", e);
            }
        }
        throw new IllegalStateException("No free loopback port found");
    }

    /** Whether a server socket can bind {@code port} on the loopback interface now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
