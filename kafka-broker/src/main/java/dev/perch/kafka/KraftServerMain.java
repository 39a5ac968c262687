package dev.perch.kafka;

import dev.perch.events.ops.ParentWatch;
import java.util.Arrays;

/**
 * Entry point of the child JVM of a PROCESS broker: formats the KRaft storage unless it already is
 * (so a restart keeps its data), then runs {@code kafka.Kafka} on the same configuration.
 */
public final class KraftServerMain {

    private KraftServerMain() {}

    /**
     * Arguments: the {@code server.properties} path and the cluster id.
     *
     * @param args {@code <server.properties> <clusterId>}
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println(
                    "Usage: KraftServerMain <server.properties> <clusterId>, got "
                            + Arrays.toString(args));
            System.exit(2);
        }
        ParentWatch.exitWithParent("kafka-broker");
        String config = args[0];
        String clusterId = args[1];
        int formatted;
        try {
            formatted =
                    kafka.tools.StorageTool.execute(
                            new String[] {
                                "format", "-t", clusterId, "-c", config, "--ignore-formatted"
                            },
                            System.out);
        } catch (RuntimeException e) {
            System.err.println("Formatting the KRaft storage failed: " + e);
            e.printStackTrace();
            formatted = 1;
        }
        if (formatted != 0) {
            System.exit(formatted);
        }
        kafka.Kafka.main(new String[] {config});
    }
}
