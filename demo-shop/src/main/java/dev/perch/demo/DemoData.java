package dev.perch.demo;

import dev.perch.events.Item;
import dev.perch.events.Topics;
import dev.perch.events.serde.PerchSerdes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Entry points for the launcher's demo: publish the {@link DemoCatalog} to {@code perch.items} and
 * run the {@link ClickSimulator}. {@code main} does both until the process is stopped.
 */
public final class DemoData {

    private DemoData() {}

    /** Publishes every demo item keyed by itemId and waits for the acknowledgements. */
    public static int publishCatalog(String bootstrapServers) {
        return publishCatalog(bootstrapServers, Map.of());
    }

    /**
     * Publishes every demo item with its trained embedding (when {@code embeddings} has one), so
     * the stream jobs build user vectors and the model server finds nearest items.
     */
    public static int publishCatalog(String bootstrapServers, Map<String, float[]> embeddings) {
        return publishCatalog(bootstrapServers, embeddings, null);
    }

    /**
     * As {@link #publishCatalog(String, Map)}, the embeddings marked with the version of the model
     * that trained them (Item.embeddingVersion), so they meet only vectors of the same model.
     */
    public static int publishCatalog(
            String bootstrapServers, Map<String, float[]> embeddings, String embeddingVersion) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "perch-demo-catalog");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        List<Item> items = DemoCatalog.items(Instant.now());
        for (Item item : items) {
            float[] embedding = embeddings.get(item.getItemId());
            if (embedding != null) {
                List<Float> values = new ArrayList<>(embedding.length);
                for (float value : embedding) {
                    values.add(value);
                }
                item.setEmbedding(values);
                item.setEmbeddingVersion(embeddingVersion);
            }
        }
        try (KafkaProducer<String, Item> producer =
                new KafkaProducer<>(
                        config, new StringSerializer(), PerchSerdes.serializer(Item.class))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Item item : items) {
                acks.add(producer.send(new ProducerRecord<>(Topics.ITEMS, item.getItemId(), item)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Publishing the demo catalog failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted publishing the demo catalog", e);
        }
        return items.size();
    }

    /**
     * {@code DemoData <bootstrap> [eventsPerSecond]}: publishes the catalog, then simulates
     * shoppers (default 20 events/s) until the process is stopped.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: DemoData <bootstrap-servers> [events-per-second]");
            System.exit(2);
        }
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        System.out.println("Published " + publishCatalog(args[0]) + " demo items");
        ClickSimulator simulator = ClickSimulator.start(args[0], rate);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "demo-shutdown"));
        Thread.currentThread().join();
    }
}
