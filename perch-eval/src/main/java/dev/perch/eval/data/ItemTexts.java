package dev.perch.eval.data;

import dev.perch.events.Item;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog text of a MovieLens dataset as Perch items: MovieLens-1M's {@code movies.dat} ({@code
 * id::Title (year)::Genre|Genre}, ISO-8859-1) or MovieLens-100K's atomic {@code ml-100k.item}
 * (tab-separated, a header, genres separated by spaces). Each movie becomes an available {@link
 * Item} with its title (and year), its first genre as category and every genre in the {@code
 * genres} attribute.
 */
public final class ItemTexts {
    private ItemTexts() {}

    /** The items of {@code file}, by id, in file order; malformed lines are skipped and counted. */
    public static Map<String, Item> read(Path file, long[] rejected) throws IOException {
        Map<String, Item> items = new LinkedHashMap<>();
        boolean dat = file.getFileName().toString().endsWith(".dat");
        try (BufferedReader in =
                Files.newBufferedReader(
                        file, dat ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8)) {
            String line;
            boolean first = true;
            while ((line = in.readLine()) != null) {
                if (!dat && first) {
                    first = false;
                    if (line.startsWith("item_id")) {
                        continue;
                    }
                }
                Item item = dat ? fromDat(line) : fromAtomic(line);
                if (item == null) {
                    rejected[0]++;
                } else {
                    items.put(item.getItemId(), item);
                }
            }
        }
        return items;
    }

    private static Item fromDat(String line) {
        String[] parts = line.split("::", -1);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank()) {
            return null;
        }
        return item(parts[0].trim(), parts[1].trim(), Arrays.asList(parts[2].split("\\|")));
    }

    private static Item fromAtomic(String line) {
        String[] parts = line.split("\t", -1);
        if (parts.length < 4 || parts[0].isBlank() || parts[1].isBlank()) {
            return null;
        }
        String title = parts[2].isBlank() ? parts[1] : parts[1] + " (" + parts[2].trim() + ")";
        return item(parts[0].trim(), title.trim(), Arrays.asList(parts[3].trim().split(" ")));
    }

    private static Item item(String id, String title, List<String> genres) {
        List<String> named = genres.stream().map(String::trim).filter(g -> !g.isEmpty()).toList();
        Map<String, String> attributes = new LinkedHashMap<>();
        if (!named.isEmpty()) {
            attributes.put("genres", String.join(", ", named));
        }
        return Item.newBuilder()
                .setItemId(id)
                .setTitle(title)
                .setCategoryPath(named.isEmpty() ? List.of() : List.of(named.get(0)))
                .setAttributes(attributes)
                .setAvailable(true)
                .build();
    }
}
