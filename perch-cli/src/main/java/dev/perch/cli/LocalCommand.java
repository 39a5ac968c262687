package dev.perch.cli;

import dev.perch.events.Topics;
import dev.perch.kafka.BrokerOptions;
import dev.perch.kafka.KafkaBroker;
import dev.perch.kafka.KafkaBrokers;
import dev.perch.kafka.PerchTopics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code perch local}: Perch on one machine. For now it starts a real Kafka broker (KRaft, in a
 * child JVM, data kept between runs), creates every Perch topic, says where they are and runs until
 * Ctrl-C; later the stream jobs and the model server join it.
 */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        versionProvider = PerchVersion.class,
        sortOptions = false,
        description = {
            "Run Perch on this machine: a Kafka broker (Apache Kafka in KRaft mode, in a child JVM)"
                    + " with every Perch topic, until Ctrl-C.",
            "The broker's data is kept in --data-dir and resumed by the next run. With"
                    + " $PERCH_KAFKA_BOOTSTRAP set, that cluster is used instead and only the"
                    + " topics are created.",
            ""
        },
        footer = {"", "Exit codes: 0 stopped cleanly, 1 failed to start, 2 usage error."})
public final class LocalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "data/kafka",
            description = "Where the broker keeps its data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description =
                    "Client port on 127.0.0.1; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "3",
            description = "Partitions of each Perch topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--broker-heap",
            paramLabel = "SIZE",
            defaultValue = "512m",
            description = "Maximum heap of the broker JVM (default: ${DEFAULT-VALUE}).")
    String brokerHeap;

    @Option(
            names = "--exit-after-start",
            description =
                    "Stop again as soon as the broker runs and the topics exist (for scripts and"
                            + " tests).")
    boolean exitAfterStart;

    @Override
    public Integer call() throws Exception {
        BrokerOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        Path data = dataDir.toAbsolutePath().normalize();
        out.printf("starting Kafka (data in %s) ...%n", data);
        out.flush();
        KafkaBroker broker = KafkaBrokers.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stopOnExit =
                new Thread(
                        () -> {
                            out.println("stopping Kafka ...");
                            out.flush();
                            broker.close();
                            out.println("stopped");
                            out.flush();
                            stopped.countDown();
                        },
                        "perch-local-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            String bootstrap = broker.bootstrapServers();
            out.printf("Kafka (%s) is running at %s%n", broker.kind(), bootstrap);
            PerchTopics.ensureCreated(bootstrap, partitions);
            printTopics(bootstrap, out);
            if (exitAfterStart) {
                out.println("stopping (--exit-after-start)");
                out.flush();
                stopNow(broker, stopOnExit);
                out.println("stopped");
                out.flush();
                return 0;
            }
            out.printf(
                    "ready: try  bin/perch replay --bootstrap %s --format ... --events ...%n",
                    bootstrap);
            out.println("press Ctrl-C to stop");
            out.flush();
            stopped.await();
            return 0;
        } catch (Exception | Error e) {
            stopNow(broker, stopOnExit);
            throw e;
        }
    }

    private BrokerOptions options() {
        if (partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be >= 1");
        }
        try {
            return BrokerOptions.defaults()
                    .withDataDirectory(dataDir.toAbsolutePath().normalize())
                    .withPort(port)
                    .withDefaultPartitions(partitions)
                    .withMaxHeap(brokerHeap);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static void stopNow(KafkaBroker broker, Thread stopOnExit) {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook is running and closes the broker
        }
        broker.close();
    }

    /** Lists the Perch topics as the broker describes them (so what is printed really exists). */
    private static void printTopics(String bootstrap, PrintWriter out) throws Exception {
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "perch-local");
        try (Admin admin = Admin.create(settings)) {
            Map<String, TopicDescription> found =
                    new TreeMap<>(
                            admin.describeTopics(Topics.ALL)
                                    .allTopicNames()
                                    .get(30, TimeUnit.SECONDS));
            out.println("topics:");
            for (String name : Topics.ALL) {
                TopicDescription topic = found.get(name);
                out.printf(
                        "  %-24s %d partition(s)%s%n",
                        name,
                        topic.partitions().size(),
                        Topics.COMPACTED.contains(name) ? ", compacted" : "");
            }
        }
    }
}
