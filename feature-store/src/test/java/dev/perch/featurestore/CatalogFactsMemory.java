package dev.perch.featurestore;

import dev.perch.events.Item;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;

/**
 * Measures the heap that {@link CatalogFactsTable} keeps per item: fills one with {@code items}
 * catalog records (ids like a shop's SKUs, 200 top-level categories, a popularity each, and an
 * embedding of {@code dimension} floats each when that is above 0) and prints the heap retained
 * after a full collection, before and after. Run from the repository root
 * (docs/benchmarks/history.md gives the command and its output):
 *
 * <pre>
 * java -Xmx2g -cp feature-store/target/test-classes:feature-store/target/classes:$(cat
 *     feature-store/target/jmh-classpath.txt) dev.perch.featurestore.CatalogFactsMemory 1000000 [64]
 * </pre>
 */
public final class CatalogFactsMemory {
    private CatalogFactsMemory() {}

    public static void main(String[] args) {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int dimension = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = retained(memory);
        CatalogFactsTable table = new CatalogFactsTable();
        for (int i = 0; i < items; i++) {
            String id = String.format("sku-%09d", i);
            table.putItem(
                    Item.newBuilder()
                            .setItemId(id)
                            .setTitle("")
                            .setCategoryPath(List.of("category-" + (i % 200), "sub-" + (i % 7)))
                            .setAvailable(i % 3 != 0)
                            .setPrice(1.0)
                            .build());
            table.putPopularity(id, 1 + i % 1000);
            if (dimension > 0) {
                float[] vector = new float[dimension];
                vector[i % dimension] = 1;
                table.putEmbedding(id, vector);
            }
        }
        long after = retained(memory);
        System.out.printf(
                "%d items (ids of 13 characters, 200 categories, embeddings of %d floats): %d rows,"
                        + " %.1f MB retained, %.0f bytes per item%n",
                items,
                dimension,
                table.size(),
                (after - before) / 1e6,
                (after - before) / (double) items);
    }

    private static long retained(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
