package dev.perch.demo;

import dev.perch.events.Item;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A made-up shop of {@link #SIZE} items in eight top-level categories (titles, brands, prices,
 * availability), the same on every run, for the demo storefront and the click simulator.
 */
public final class DemoCatalog {

    /** How many items the catalog holds. */
    public static final int SIZE = 300;

    private static final long SEED = 20_260_301L;

    /** A top-level category: its sub-categories (each with product nouns) and brands. */
    private record Department(
            String name, Map<String, List<String>> subcategories, List<String> brands) {}

    private static final List<Department> DEPARTMENTS =
            List.of(
                    new Department(
                            "Electronics",
                            Map.of(
                                    "Audio", List.of("Headphones", "Earbuds", "Speaker"),
                                    "Computers", List.of("Laptop", "Keyboard", "Monitor"),
                                    "Phones", List.of("Phone Case", "Charger", "Smartphone")),
                            List.of("Voltra", "Sonique", "Pixelon")),
                    new Department(
                            "Home & Kitchen",
                            Map.of(
                                    "Cookware", List.of("Skillet", "Saucepan", "Dutch Oven"),
                                    "Appliances", List.of("Kettle", "Toaster", "Blender"),
                                    "Decor", List.of("Lamp", "Vase", "Throw Pillow")),
                            List.of("Hearthly", "Casa Nova", "Ironleaf")),
                    new Department(
                            "Fashion",
                            Map.of(
                                    "Shoes", List.of("Sneakers", "Boots", "Loafers"),
                                    "Tops", List.of("T-Shirt", "Sweater", "Shirt"),
                                    "Accessories", List.of("Scarf", "Belt", "Cap")),
                            List.of("Northwear", "Linea", "Urban Fox")),
                    new Department(
                            "Sports & Outdoors",
                            Map.of(
                                    "Running", List.of("Running Shoes", "Running Vest", "Shorts"),
                                    "Camping", List.of("Tent", "Sleeping Bag", "Headlamp"),
                                    "Fitness", List.of("Yoga Mat", "Dumbbell", "Jump Rope")),
                            List.of("Peakline", "Stride", "Trailhead")),
                    new Department(
                            "Books",
                            Map.of(
                                    "Fiction", List.of("Novel", "Short Stories", "Thriller"),
                                    "Cooking", List.of("Cookbook", "Baking Guide", "Recipe Box"),
                                    "Science", List.of("Field Guide", "Atlas", "Primer")),
                            List.of("Quill House", "Paperlane", "Odeon Press")),
                    new Department(
                            "Beauty",
                            Map.of(
                                    "Skincare", List.of("Moisturizer", "Serum", "Cleanser"),
                                    "Hair", List.of("Shampoo", "Hair Oil", "Brush"),
                                    "Fragrance", List.of("Eau de Parfum", "Body Mist", "Candle")),
                            List.of("Lumea", "Verdant", "Maison Rose")),
                    new Department(
                            "Toys & Games",
                            Map.of(
                                    "Board Games", List.of("Board Game", "Card Game", "Puzzle"),
                                    "Building", List.of("Block Set", "Marble Run", "Robot Kit"),
                                    "Outdoor Play", List.of("Kite", "Frisbee", "Water Blaster")),
                            List.of("Playwise", "Tinker & Co", "Jolly Bear")),
                    new Department(
                            "Grocery",
                            Map.of(
                                    "Coffee & Tea", List.of("Coffee Beans", "Green Tea", "Cocoa"),
                                    "Snacks", List.of("Granola", "Trail Mix", "Dark Chocolate"),
                                    "Pantry", List.of("Olive Oil", "Pasta", "Honey")),
                            List.of("Good Grain", "Roastery 9", "Meadow")));

    private static final List<String> ADJECTIVES =
            List.of(
                    "Classic",
                    "Compact",
                    "Deluxe",
                    "Everyday",
                    "Pro",
                    "Eco",
                    "Premium",
                    "Mini",
                    "Ultra",
                    "Vintage",
                    "Smart",
                    "Essential");

    private DemoCatalog() {}

    /** The names of the eight top-level categories, in catalog order. */
    public static List<String> categories() {
        return DEPARTMENTS.stream().map(Department::name).toList();
    }

    /** Every item, in id order ({@code demo-001} ...), stamped with {@code updatedAt}. */
    public static List<Item> items(Instant updatedAt) {
        Random random = new Random(SEED);
        List<Item> items = new ArrayList<>(SIZE);
        for (int n = 0; n < SIZE; n++) {
            Department department = DEPARTMENTS.get(n % DEPARTMENTS.size());
            List<String> subNames = department.subcategories().keySet().stream().sorted().toList();
            String sub = subNames.get(random.nextInt(subNames.size()));
            List<String> nouns = department.subcategories().get(sub);
            String noun = nouns.get(random.nextInt(nouns.size()));
            String brand = department.brands().get(random.nextInt(department.brands().size()));
            String adjective = ADJECTIVES.get(random.nextInt(ADJECTIVES.size()));
            long cents = Math.round((5 + random.nextDouble() * 195) * 100) - 1;
            boolean available = random.nextInt(20) != 0;
            items.add(
                    Item.newBuilder()
                            .setItemId(itemId(n))
                            .setTitle(brand + " " + adjective + " " + noun)
                            .setCategoryPath(List.of(department.name(), sub))
                            .setBrand(brand)
                            .setPrice(cents / 100.0)
                            .setAvailable(available)
                            .setAttributes(Map.of("demo", "true"))
                            .setUpdatedAt(updatedAt)
                            .build());
        }
        return items;
    }

    /** The id of the {@code n}-th item (0-based): {@code demo-001} to {@code demo-300}. */
    public static String itemId(int n) {
        return String.format("demo-%03d", n + 1);
    }
}
