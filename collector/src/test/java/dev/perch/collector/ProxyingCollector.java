package dev.perch.collector;

import com.sun.net.httpserver.HttpServer;
import dev.perch.access.ReadAccess;
import dev.perch.events.ops.StreamLimits;
import java.net.URI;
import java.time.Clock;

/** A collector on a free port whose {@code /v1/users/*} proxy goes to a stand-in model server. */
public final class ProxyingCollector {
    private ProxyingCollector() {}

    /** Started with {@code reads} as its read checks; close it when done. */
    public static CollectorServer start(
            String bootstrapServers, HttpServer modelServer, ReadAccess reads) {
        return start(bootstrapServers, modelServer, reads, CollectorServer.Site.NONE);
    }

    /** {@link #start(String, HttpServer, ReadAccess)} with {@code site} on its origin. */
    public static CollectorServer start(
            String bootstrapServers,
            HttpServer modelServer,
            ReadAccess reads,
            CollectorServer.Site site) {
        return CollectorServer.start(
                CollectorConfig.defaults(bootstrapServers)
                        .withPort(0)
                        .withModelServer(
                                URI.create(
                                        "http://127.0.0.1:" + modelServer.getAddress().getPort())),
                CollectorAccess.closed().withReads(reads),
                Clock.systemUTC(),
                StreamLimits.COLLECTOR,
                site);
    }
}
