package dev.perch.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Asks the cluster whether it answers before a long command starts, so that a wrong address fails
 * in seconds with a clear message instead of after reading a whole file.
 */
final class BrokerCheck {
    private static final long TIMEOUT_SECONDS = 20;

    private BrokerCheck() {}

    /**
     * Fails unless the cluster answers; warns when the topic does not exist (it is then created on
     * first write only if the broker allows automatic creation).
     *
     * @param extraSettings client settings the admin needs too (security)
     */
    static void requireReachable(
            String bootstrap, String topic, Map<String, String> extraSettings, PrintWriter out) {
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "perch-cli-check");
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        settings.put(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                Long.toString(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS)));
        settings.putAll(extraSettings);
        try (Admin admin = Admin.create(settings)) {
            admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Set<String> topics = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!topics.contains(topic)) {
                out.printf(
                        "note: topic %s does not exist on %s; it is created on first write only if"
                                + " the broker allows automatic topic creation (bin/perch local"
                                + " creates every Perch topic)%n",
                        topic, bootstrap);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while contacting Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot reach Kafka at "
                            + bootstrap
                            + " within "
                            + TIMEOUT_SECONDS
                            + " s (is it running? try bin/perch local)",
                    e instanceof ExecutionException ? e.getCause() : e);
        }
    }
}
