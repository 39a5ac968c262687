package dev.perch.featurestore;

import dev.perch.events.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generated fixtures: random vectors and catalog records from a fixed seed. */
final class TestVectors {
    static final List<String> CATEGORIES = List.of("Shoes", "Shirts", "Bags");

    private TestVectors() {}

    static float[] random(Random random, int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** {@code count} vectors with ids "item-00000", "item-00001", ... */
    static List<ItemVector> vectors(long seed, int count, int dimension) {
        Random random = new Random(seed);
        List<ItemVector> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new ItemVector(id(i), random(random, dimension)));
        }
        return out;
    }

    static String id(int i) {
        return String.format("item-%05d", i);
    }

    /**
     * A catalog record: every third item unavailable, categories in turn, sub-category by parity.
     */
    static Item item(int i, float[] embedding) {
        List<Float> values = null;
        if (embedding != null) {
            values = new ArrayList<>(embedding.length);
            for (float f : embedding) {
                values.add(f);
            }
        }
        return Item.newBuilder()
                .setItemId(id(i))
                .setTitle("Item " + i)
                .setCategoryPath(
                        List.of(CATEGORIES.get(i % CATEGORIES.size()), i % 2 == 0 ? "Even" : "Odd"))
                .setAvailable(i % 3 != 0)
                .setPrice(10.0 + i)
                .setEmbedding(values)
                .setUpdatedAt(java.time.Instant.ofEpochMilli(1_700_000_000_000L + i))
                .build();
    }
}
