package dev.perch.featurestore;

import dev.perch.events.Item;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The words of one catalog item as the sentence encoder and the lexical index read them: title,
 * category path, brand, the {@code description} attribute, then the other attributes sorted by
 * name. One definition, so the text hashed for "has it changed" is the text encoded.
 */
public final class ItemText {
    /**
     * The attribute that holds the item's description (the Item schema has no field of its own).
     */
    public static final String DESCRIPTION = "description";

    private ItemText() {}

    /** The item's text, or an empty string when it has none. */
    public static String of(Item item) {
        StringBuilder text = new StringBuilder();
        append(text, item.getTitle());
        if (!item.getCategoryPath().isEmpty()) {
            append(text, String.join(" > ", item.getCategoryPath()));
        }
        append(text, item.getBrand());
        Map<String, String> attributes = new TreeMap<>(item.getAttributes());
        append(text, attributes.remove(DESCRIPTION));
        attributes.forEach((name, value) -> append(text, name + ": " + value));
        return text.toString();
    }

    /**
     * A 64-bit FNV-1a hash of {@code text} and the encoder's version: equal hashes mean the stored
     * text embedding is still the right one.
     */
    public static long hash(String text, String encoderVersion) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : (encoderVersion + '\n' + text).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static void append(StringBuilder text, String part) {
        if (part == null || part.isBlank()) {
            return;
        }
        if (!text.isEmpty()) {
            text.append(". ");
        }
        text.append(part.strip());
    }
}
