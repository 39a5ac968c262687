package dev.perch.streamjobs;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

/**
 * The check every job entry point makes of its {@code perch.*} settings: Flink's {@code
 * Configuration} ignores keys that no option reads, so a misspelt setting ({@code
 * perch.user-state.half-lif}) would run the job on the default without a word. Keys outside {@code
 * perch.*} are Flink's own and pass.
 */
public final class JobSettings {
    /** The prefix of Perch's own settings. */
    public static final String PREFIX = "perch.";

    private JobSettings() {}

    /**
     * Refuses the {@code perch.*} keys of {@code settings} that none of {@code known} reads (by its
     * key or a fallback key).
     *
     * @throws IllegalArgumentException naming each such key and the known keys of its group
     */
    public static void requireKnown(
            Map<String, String> settings, Collection<ConfigOption<?>> known) {
        Set<String> keys = new TreeSet<>();
        for (ConfigOption<?> option : known) {
            keys.add(option.key());
            for (FallbackKey fallback : option.fallbackKeys()) {
                keys.add(fallback.getKey());
            }
        }
        Set<String> unknown =
                settings.keySet().stream()
                        .filter(key -> key.startsWith(PREFIX) && !keys.contains(key))
                        .collect(Collectors.toCollection(TreeSet::new));
        if (unknown.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("unknown setting");
        message.append(unknown.size() == 1 ? " " : "s ").append(String.join(", ", unknown));
        for (String key : unknown) {
            String group = key.substring(0, key.indexOf('.', PREFIX.length()) + 1);
            Set<String> near =
                    keys.stream()
                            .filter(k -> group.length() > PREFIX.length() && k.startsWith(group))
                            .collect(Collectors.toCollection(TreeSet::new));
            if (!near.isEmpty()) {
                message.append("; the ").append(group).append("* settings are: ");
                message.append(String.join(", ", near));
            }
        }
        message.append(" (stream-jobs/README.md lists every setting)");
        throw new IllegalArgumentException(message.toString());
    }
}
