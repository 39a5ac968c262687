package dev.perch.core.search;

import dev.perch.events.Item;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A query split into filters and the words left to search: what {@link QueryUnderstanding} found,
 * echoed to the shopper so the storefront can show it.
 *
 * @param text the words left after the filters were taken out (may be empty: filters only)
 * @param category a category on the item's path, or null
 * @param brand the item's brand, or null
 * @param colour the item's colour attribute, or null
 * @param size the item's size attribute, or null
 * @param minPrice the lowest price, inclusive, or null
 * @param maxPrice the highest price, inclusive, or null
 */
public record UnderstoodQuery(
        String text,
        String category,
        String brand,
        String colour,
        String size,
        Double minPrice,
        Double maxPrice) {

    /** Whether {@code item} passes every filter (an item with no price fails a price bound). */
    public boolean admits(Item item) {
        if (category != null && !hasCategory(item.getCategoryPath())) {
            return false;
        }
        if (brand != null && !brand.equals(lower(item.getBrand()))) {
            return false;
        }
        if (colour != null && !colour.equals(attribute(item, "colour", "color"))) {
            return false;
        }
        if (size != null && !size.equals(attribute(item, "size"))) {
            return false;
        }
        if (minPrice != null || maxPrice != null) {
            Double price = item.getPrice();
            if (price == null
                    || (minPrice != null && price < minPrice)
                    || (maxPrice != null && price > maxPrice)) {
                return false;
            }
        }
        return true;
    }

    /** Whether any filter was found. */
    public boolean hasFilters() {
        return category != null
                || brand != null
                || colour != null
                || size != null
                || minPrice != null
                || maxPrice != null;
    }

    /** The filters found, by name, for the answer's "understood" object. */
    public Map<String, Object> filters() {
        Map<String, Object> out = new LinkedHashMap<>();
        put(out, "category", category);
        put(out, "brand", brand);
        put(out, "colour", colour);
        put(out, "size", size);
        put(out, "minPrice", minPrice);
        put(out, "maxPrice", maxPrice);
        return out;
    }

    private boolean hasCategory(List<String> path) {
        for (String part : path) {
            if (category.equals(lower(part))) {
                return true;
            }
        }
        return false;
    }

    private static String attribute(Item item, String... names) {
        for (Map.Entry<String, String> e : item.getAttributes().entrySet()) {
            for (String name : names) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return lower(e.getValue());
                }
            }
        }
        return null;
    }

    static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    private static void put(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
