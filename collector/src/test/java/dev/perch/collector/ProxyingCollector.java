package dev.perch.collector;

import com.sun.net.httpserver.HttpServer;
import dev.perch.access.ReadAccess;
import java.net.URI;

/** A collector on a free port whose {@code /v1/users/*} proxy goes to a stand-in model server. */
public final class ProxyingCollector {
    private ProxyingCollector() {}

    /** Started with {@code reads} as its read checks; close it when done. */
    public static CollectorServer start(
            String bootstrapServers, HttpServer modelServer, ReadAccess reads) {
        return CollectorServer.start(
                CollectorConfig.defaults(bootstrapServers)
                        .withPort(0)
                        .withModelServer(
                                URI.create(
                                        "http://127.0.0.1:" + modelServer.getAddress().getPort())),
                CollectorAccess.closed().withReads(reads));
    }
}
